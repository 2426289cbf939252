from django.contrib import admin
from django.urls import include, path

from audit.forms import AdminLoginForm
from workplan import views as workplan_views

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", workplan_views.plan_list, name="home"),
    path("", include("workplan.urls")),
    path("bodies/", include("workplan.body_urls")),
    path("", include("monitoring.urls")),
    path("", include("dashboard.urls")),
    path("", include("config.legacy_urls")),
    path("accounts/", include("audit.urls")),
    path("admin/", admin.site.urls),
]
