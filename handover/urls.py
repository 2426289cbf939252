from django.urls import path

from . import views

app_name = "handover"
urlpatterns = [
    path("plans/<slug:plan>/handover/", views.handover, name="handover"),
    path("plans/<slug:plan>/handover/<str:kind>/<int:pk>/", views.carry, name="carry"),
]
