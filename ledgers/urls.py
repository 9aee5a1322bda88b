"""The ledgers URLs, one namespace ("ledgers"): each area's pages, then the consistency
checks."""

from django.urls import path

from ledgers import checks
from ledgers.areas import urls as areas
from ledgers.moves import urls as moves
from ledgers.people import urls as people
from ledgers.places import urls as places

app_name = "ledgers"

urlpatterns = [
    *areas.urlpatterns,
    *people.urlpatterns,
    *places.urlpatterns,
    *moves.urlpatterns,
    path("checks/", checks.consistency_checks, name="checks"),
]
