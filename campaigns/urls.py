"""The campaigns' URLs under /campaigns/: each part of the app keeps its own list."""

from campaigns import urls_activities, urls_evidence, urls_visits

app_name = "campaigns"

urlpatterns = [
    *urls_activities.urlpatterns,  # activities, their photos and attachments, targets
    *urls_visits.urlpatterns,  # visits, publicity, anti-fraud coverage
    *urls_evidence.urlpatterns,  # the evidence pack (迎检材料)
]
