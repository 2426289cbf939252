from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("", views.account, name="account"),
    path("set-up/", views.setup, name="setup"),
    path("recovery-codes/", views.codes, name="codes"),
    path("recovery-codes/new/", views.new_codes, name="new_codes"),
    path("turn-off/", views.turn_off, name="turn_off"),
    path("code/", views.verify, name="verify"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/reset/", views.reset, name="reset"),
]
