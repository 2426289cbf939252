from django.urls import path

from . import views

app_name = "builds"
urlpatterns = [
    path("plans/<slug:plan>/documents/", views.request_build, name="request"),
    path("documents/<int:pk>/", views.build, name="build"),
    path("documents/<int:pk>/download/", views.download, name="download"),
]
