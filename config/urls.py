from django.contrib import admin
from django.urls import include, path

from audit.forms import AdminLoginForm
from config.admin import bound_date_hierarchies
from config import views as site_views

handler500 = "config.views.server_error"

admin.site.login_form = AdminLoginForm
admin.site.site_header = "ASEAN plans tracker: administration"
admin.site.site_title = "ASEAN plans tracker"
bound_date_hierarchies(admin.site)

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("", site_views.home, name="home"),
    path("", include("workplan.urls")),
    path("", include("published.urls")),
    path("api/v1/", include("api.urls")),
    path("bodies/", include("workplan.body_urls")),
    path("", include("monitoring.urls")),
    path("", include("national.urls")),
    path("", include("meetings.urls")),
    path("", include("steering.urls")),
    path("", include("handover.urls")),
    path("", include("dashboard.urls")),
    path("", include("annualreports.urls")),
    path("", include("official.urls")),
    path("", include("builds.urls")),
    path("", include("notifications.urls")),
    path("", include("people.urls")),
    path("", include("config.legacy_urls")),
    path("accounts/two-factor/", include("twofactor.urls")),
    path("accounts/", include("audit.urls")),
    path("accounts/", include("api.account_urls")),
    path("admin/", admin.site.urls),
]
