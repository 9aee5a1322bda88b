"""The site's URLs; each app keeps its own under its prefix (DESIGN.md "Stable URLs")."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from core import health
from ledgers.areas import audit
from ledgers.areas import views as areas
from reports import home

admin.site.site_header = admin.site.site_title = "同心"

urlpatterns = [
    path("", home.home, name="home"),
    path("health/", health.health, name="health"),
    path("accounts/login/", areas.LoginView.as_view(), name="login"),
    path("accounts/logout/", areas.LogoutView.as_view(), name="logout"),
    path("accounts/password/", areas.PasswordChangeView.as_view(), name="password_change"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("audit/", audit.AuditEventListView.as_view(), name="audit"),
    path("audit/export/", audit.audit_export, name="audit_export"),
    path("audit/verify/", audit.audit_verify, name="audit_verify"),
    path("ledgers/imports/", include("sheets.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("casework/", include("casework.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("reports/", include("reports.urls")),
    path("bulk-edits/", include("core.bulkedit.urls")),
    path("notices/", include("core.notices.urls")),
    path("calendar/", include("core.calendar.urls")),
    path("admin/", admin.site.urls),
]

# The error page names the request's id, to be quoted to the system administrator (core.logs).
handler500 = "core.logs.server_error"
