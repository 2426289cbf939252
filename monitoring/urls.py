from django.urls import path

from workplan.urls import ActivityCodeConverter  # noqa: F401  (registers the "activity" converter)

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("activities/", views.my_activities, name="my_activities"),
    path("cycles/<int:year>/activities/<activity:code>/<str:body>/start/", views.start_report, name="start_report"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.edit_report, name="edit_report"),
    path("reports/<int:pk>/submit/", views.submit_report, name="submit_report"),
    path("reports/<int:pk>/accept/", views.review_report, {"decision": "accept"}, name="accept_report"),
    path("reports/<int:pk>/return/", views.review_report, {"decision": "return"}, name="return_report"),
    path("review/", views.review_queue, name="review"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/remove/", views.remove_document, name="remove_document"),
]
