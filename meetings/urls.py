from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("plans/<slug:plan>/meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
]
