"""The casework URLs, one namespace ("casework"): each area's pages, in this order."""

from casework.assistance import urls as assistance
from casework.hazards import urls as hazards
from casework.inspections import urls as inspections
from casework.insurance import urls as insurance

app_name = "casework"

urlpatterns = [
    *hazards.urlpatterns,
    *inspections.urlpatterns,
    *insurance.urlpatterns,
    *assistance.urlpatterns,
]
