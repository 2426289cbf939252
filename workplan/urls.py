from django.urls import path, register_converter

from . import views


class ActionLineNumberConverter:
    """The number of a provision: an action line of the PoA PCRVE (1.8) or a measure of the ACPoA (19.3)."""

    regex = r"[1-9][0-9]?\.[0-9]{1,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ActivityCodeConverter(ActionLineNumberConverter):
    regex = ActionLineNumberConverter.regex + r"\.[0-9]{1,4}"


register_converter(ActionLineNumberConverter, "action_line")
register_converter(ActivityCodeConverter, "activity")

app_name = "workplan"
urlpatterns = [
    path("plans/<slug:plan>/", views.plan_detail, name="plan"),
    path("plans/<slug:plan>/<action_line:number>/", views.action_line_detail, name="action_line"),
    path("plans/<slug:plan>/activities/<activity:code>/", views.activity_detail, name="activity"),
    path("plans/<slug:plan>/matrix.<str:extension>", views.matrix_export, name="matrix_export"),
]
