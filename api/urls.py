from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plans")
router.register("areas", views.AreaViewSet, basename="areas")
router.register("provisions", views.ProvisionViewSet, basename="provisions")
router.register("activities", views.ActivityViewSet, basename="activities")
router.register("outputs", views.OutputViewSet, basename="outputs")
router.register("indicators", views.IndicatorViewSet, basename="indicators")
router.register("bodies", views.BodyViewSet, basename="bodies")
router.register("member-states", views.MemberStateViewSet, basename="member-states")
router.register("cycles", views.CycleViewSet, basename="cycles")
router.register("reports", views.ActivityReportViewSet, basename="reports")
router.register("national-reports", views.NationalReportViewSet, basename="national-reports")

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    *router.urls,
]
