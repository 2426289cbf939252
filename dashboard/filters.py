import django_filters
from django.utils.translation import gettext_lazy as _

from bodies.models import SectoralBody
from reporting.models import ReportingCycle
from workplan.filters import PlanFilterSet
from workplan.models import Activity, PriorityArea

from .figures import COVERAGE_ORDER


class DashboardFilter(PlanFilterSet):
    """Cycle, priority area and body of the dashboard, by the document's own references (2024, 1, SOMTC).

    The filter set selects the activities in scope; `scope()` hands the cleaned choices to the selectors.
    A value that is not valid is shown as a form error and left out, the others still apply.
    """

    cycle = django_filters.ModelChoiceFilter(
        queryset=ReportingCycle.objects.all(), to_field_name="year", label=_("Cycle"), method="keep",
        empty_label=_("Current cycle"),
    )
    priority_area = django_filters.ModelChoiceFilter(
        queryset=PriorityArea.objects.all(),
        to_field_name="number",
        field_name="focus_area__action_line__priority_area",
        label=_("Priority area"),
        empty_label=_("All priority areas"),
    )
    body = django_filters.ModelChoiceFilter(
        queryset=SectoralBody.objects.all(),
        to_field_name="abbreviation",
        field_name="lead_bodies",
        label=_("Lead body"),
        empty_label=_("All bodies"),
    )

    class Meta:
        model = Activity
        fields = ["cycle", "priority_area", "body"]

    def keep(self, queryset, name, value):
        return queryset  # the cycle does not select activities; the selectors use it for reports


class CoverageFilter(DashboardFilter):
    """The activities behind a coverage figure: the dashboard's filters, an action line and the best state."""

    action_line = django_filters.CharFilter(
        field_name="focus_area__action_line__number", label=_("Action line"), max_length=8
    )
    coverage = django_filters.ChoiceFilter(
        label=_("Best report"),
        empty_label=_("Any"),
        method="keep",
        choices=[(state.value, state.label) for state in COVERAGE_ORDER]
        + [("none", _("No report")), ("unreported", _("Not yet submitted"))],
    )

    class Meta(DashboardFilter.Meta):
        fields = ["cycle", "priority_area", "body", "action_line", "coverage"]
