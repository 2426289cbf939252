from django.contrib import admin
from django.urls import include, path

from config import views as site_views
from workplan import views as workplan_views

handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("", workplan_views.plan_list, name="home"),
    path("", include("workplan.urls")),
    path("bodies/", include("workplan.body_urls")),
    path("", include("monitoring.urls")),
    path("", include("national.urls")),
    path("", include("dashboard.urls")),
    path("", include("builds.urls")),
    path("", include("config.legacy_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
