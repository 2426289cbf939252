"""The addresses the tracker had when it held one plan, the Bali Work Plan: each answers with a
permanent redirect to its home under /plans/bali-work-plan/, query string kept, so that links in
reports, emails and bookmarks keep working."""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse

from workplan.urls import ActionLineNumberConverter  # noqa: F401  (registers the converters)

LEGACY_PLAN = "bali-work-plan"


class HttpResponsePermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    # 308: a browser repeats a POST as a POST (a 301 would turn the form's POST into a GET).
    status_code = 308


def moved(name, *, keep_method=False):
    """A view redirecting to the URL named `name`, for the Bali Work Plan, with the same arguments."""
    response_class = HttpResponsePermanentRedirectKeepingMethod if keep_method else HttpResponsePermanentRedirect

    def redirect(request, **kwargs):
        url = reverse(name, kwargs={"plan": LEGACY_PLAN, **kwargs})
        query = request.META.get("QUERY_STRING", "")
        return response_class(f"{url}?{query}" if query else url)

    return redirect


app_name = "legacy"
urlpatterns = [
    path("workplan/", moved("workplan:plan"), name="matrix"),
    path("workplan/<action_line:number>/", moved("workplan:action_line"), name="action_line"),
    path("workplan/activities/<activity:code>/", moved("workplan:activity"), name="activity"),
    path("workplan/matrix.<str:extension>", moved("workplan:matrix_export"), name="matrix_export"),
    path("monitoring/activities/", moved("monitoring:my_activities"), name="my_activities"),
    path(
        "monitoring/cycles/<int:year>/activities/<activity:code>/<str:body>/start/",
        moved("monitoring:start_report", keep_method=True),
        name="start_report",
    ),
    path("monitoring/reports/", moved("monitoring:reports"), name="reports"),
    path("monitoring/review/", moved("monitoring:review"), name="review"),
    path("dashboard/", moved("dashboard:dashboard"), name="dashboard"),
    path("dashboard/activities/", moved("dashboard:activities"), name="dashboard_activities"),
    path("dashboard/annual-report/", moved("annualreports:annual_report"), name="annual_report"),
]
