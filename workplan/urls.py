from django.urls import path, register_converter

from . import views


class ActionLineNumberConverter:
    regex = r"[1-9]\.[0-9]{1,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ActivityCodeConverter(ActionLineNumberConverter):
    regex = r"[1-9]\.[0-9]{1,2}\.[0-9]{1,3}"


register_converter(ActionLineNumberConverter, "action_line")
register_converter(ActivityCodeConverter, "activity")

app_name = "workplan"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("<action_line:number>/", views.action_line_detail, name="action_line"),
    path("activities/<activity:code>/", views.activity_detail, name="activity"),
    path("matrix.<str:extension>", views.matrix_export, name="matrix_export"),
]
