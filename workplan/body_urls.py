"""URLs of the sectoral bodies' pages, under /bodies/ (see the note in views.py)."""

from django.urls import path

from . import views

app_name = "bodies"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("<str:abbreviation>/", views.body_detail, name="detail"),
]
