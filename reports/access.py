"""Who may open which report: the dashboard, everyone who works with communities (their own,
or all of them); the county workbook and the yearly statistics, everyone who reads the people
ledgers (staff and grid workers for their communities, leaders and the county for all)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

DASHBOARD_PERMISSION = "ledgers.view_community"
LEDGER_READER_PERMISSION = "ledgers.view_resident"


def require_ledger_reader(request: HttpRequest) -> None:
    """Refuse (403) anyone who does not read the people ledgers."""
    if not request.user.has_perm(LEDGER_READER_PERMISSION):
        raise PermissionDenied
