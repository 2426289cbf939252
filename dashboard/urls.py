from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("activities/", views.activities, name="activities"),
    path("annual-report/", views.annual_report, name="annual_report"),
]
