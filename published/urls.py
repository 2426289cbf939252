from django.urls import path

from workplan.urls import ActivityCodeConverter  # noqa: F401 (registers the "activity" converter)

from . import views

app_name = "published"
urlpatterns = [
    path("plans/<slug:plan>/results/", views.plan_results, name="plan"),
    path("plans/<slug:plan>/results/areas/<int:number>/", views.area_results, name="area"),
    path("plans/<slug:plan>/results/bodies/<str:abbreviation>/", views.body_results, name="body"),
    path("plans/<slug:plan>/results/activities/<activity:code>/", views.activity_results, name="activity"),
    path("public/documents/<int:pk>/", views.document, name="document"),
    path("public/national-documents/<int:pk>/", views.national_document, name="national_document"),
    path("plans/<slug:plan>/open-data/<str:dataset>.<str:extension>", views.open_data, name="open_data"),
]
