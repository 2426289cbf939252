from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="workplan:matrix", permanent=False), name="home"),
    path("workplan/", include("workplan.urls")),
    path("bodies/", include("workplan.body_urls")),
    path("monitoring/", include("monitoring.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
