"""The reports' URLs under /reports/: the dashboard, the county workbook, the yearly statistics."""

from reports import urls_dashboard, urls_workbook

app_name = "reports"

urlpatterns = [
    *urls_dashboard.urlpatterns,  # the leaders' dashboard
    *urls_workbook.urlpatterns,  # the county workbook and the yearly statistics
]
