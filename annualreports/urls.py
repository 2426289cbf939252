from django.urls import path

from . import views

app_name = "annualreports"
urlpatterns = [
    path("plans/<slug:plan>/dashboard/annual-report/", views.annual_report, name="annual_report"),
    path("plans/<slug:plan>/dashboard/annual-report/<int:year>/text/", views.edit_text, name="text"),
    path("plans/<slug:plan>/dashboard/annual-report/<int:year>/sign-off/", views.sign_off, name="sign_off"),
    path("plans/<slug:plan>/dashboard/annual-report/<int:year>/versions/<int:number>/", views.version, name="version"),
]
