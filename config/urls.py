from django.contrib import admin
from django.urls import include, path

from workplan import views as workplan_views

urlpatterns = [
    path("", workplan_views.plan_list, name="home"),
    path("", include("workplan.urls")),
    path("bodies/", include("workplan.body_urls")),
    path("", include("monitoring.urls")),
    path("", include("dashboard.urls")),
    path("", include("config.legacy_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
