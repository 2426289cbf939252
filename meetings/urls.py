from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("plans/<slug:plan>/meetings/", views.meetings, name="meetings"),
    path("plans/<slug:plan>/meetings/new/", views.new_meeting, name="new_meeting"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.edit_meeting, name="edit_meeting"),
    path("meetings/<int:pk>/decisions/new/", views.new_decision, name="new_decision"),
    path("meetings/documents/<int:pk>/", views.document, name="document"),
    path("meetings/documents/<int:pk>/remove/", views.remove_document, name="remove_document"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/edit/", views.edit_decision, name="edit_decision"),
]
