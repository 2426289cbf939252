from django.urls import path

from . import pack_views, views

app_name = "official"
DOCUMENT = "plans/<slug:plan>/official/<slug:kind>/<int:year>/"
VERSION = DOCUMENT + "versions/<int:number>/"
urlpatterns = [
    path("plans/<slug:plan>/official/", views.documents, name="documents"),
    path(DOCUMENT, views.document, name="document"),
    path(DOCUMENT + "text/", views.edit_text, name="text"),
    path(DOCUMENT + "sign/", views.sign, name="sign"),
    path(VERSION, views.version, name="version"),
    path(VERSION + "print/", views.version_print, name="version_print"),
    path(VERSION + "<str:extension>/", views.version_file, name="version_file"),
    path("plans/<slug:plan>/reporting-line/", views.reporting_line, name="reporting_line"),
    path("ministers-pack/", pack_views.ministers_packs, name="ministers_packs"),
    path("ministers-pack/<int:year>/", pack_views.ministers_pack, name="ministers_pack"),
    path("ministers-pack/<int:year>/build/", pack_views.build_ministers_pack, name="build_ministers_pack"),
]
