from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("plans/<slug:plan>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<slug:plan>/dashboard/activities/", views.activities, name="activities"),
]
