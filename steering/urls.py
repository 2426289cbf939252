from django.urls import path

from . import views

app_name = "steering"
urlpatterns = [
    path("plans/<slug:plan>/compare/", views.plan_compare, name="compare"),
    path("plans/<slug:plan>/amendments/", views.amendment_list, name="amendments"),
    path("plans/<slug:plan>/amendments/new/", views.amendment_new, name="amendment_new"),
    path("plans/<slug:plan>/amendments/<int:pk>/", views.amendment_detail, name="amendment"),
    path("plans/<slug:plan>/amendments/<int:pk>/edit/", views.amendment_edit, name="amendment_edit"),
    path("plans/<slug:plan>/amendments/<int:pk>/apply/", views.amendment_apply, name="amendment_apply"),
    path("plans/<slug:plan>/amendments/<int:pk>/file/", views.amendment_file, name="amendment_file"),
    path("plans/<slug:plan>/amendments/<int:pk>/lines/new/<slug:kind>/", views.change_new, name="change_new"),
    path("plans/<slug:plan>/amendments/<int:pk>/lines/<int:position>/remove/", views.change_remove, name="change_remove"),
]
