"""The campaigns' URLs under /campaigns/: each area keeps its own list, gathered here."""

from campaigns.activities import urls as activities
from campaigns.antifraud import urls as antifraud
from campaigns.assessment import urls as assessment
from campaigns.creation import urls as creation
from campaigns.evidence import urls as evidence
from campaigns.publicity import urls as publicity
from campaigns.targets import urls as targets
from campaigns.visits import urls as visits

app_name = "campaigns"

urlpatterns = [
    *activities.urlpatterns,  # activities, their month view, photos and attachments
    *targets.urlpatterns,  # the yearly targets
    *visits.urlpatterns,  # visits and their coverage
    *publicity.urlpatterns,  # publicity items
    *antifraud.urlpatterns,  # the anti-fraud app's coverage
    *evidence.urlpatterns,  # the evidence pack (迎检材料)
    *creation.urlpatterns,  # the creation file: leadership group, documents, titles
    *assessment.urlpatterns,  # the indicator self-assessment
]
