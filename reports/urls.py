"""The reports' URLs under /reports/: the dashboard, the county workbook, the yearly statistics."""

from reports.county import urls as county_urls
from reports.dashboard import urls as dashboard_urls
from reports.yearly import urls as yearly_urls

app_name = "reports"

urlpatterns = [
    *dashboard_urls.urlpatterns,  # the leaders' dashboard
    *county_urls.urlpatterns,  # the county workbook
    *yearly_urls.urlpatterns,  # the yearly statistics
]
