import django_filters
from django.utils.translation import gettext_lazy as _

from bodies.models import SectoralBody
from workplan.models import PriorityArea

from .models import ActivityReport, ReportingCycle


class ReportFilter(django_filters.FilterSet):
    """Filters of the report lists, with the document's own references in the query string."""

    cycle = django_filters.ModelChoiceFilter(
        queryset=ReportingCycle.objects.all(), to_field_name="year", label=_("Cycle"), empty_label=_("All cycles")
    )
    priority_area = django_filters.ModelChoiceFilter(
        queryset=PriorityArea.objects.all(),
        to_field_name="number",
        field_name="activity__focus_area__action_line__priority_area",
        label=_("Priority area"),
        empty_label=_("All priority areas"),
    )
    body = django_filters.ModelChoiceFilter(
        queryset=SectoralBody.objects.all(),
        to_field_name="abbreviation",
        field_name="implementing_body",
        label=_("Implementing body"),
        empty_label=_("All bodies"),
    )
    state = django_filters.ChoiceFilter(choices=ActivityReport.State.choices, label=_("Report"), empty_label=_("Any state"))
    status = django_filters.ChoiceFilter(
        field_name="implementation_status",
        choices=ActivityReport.Status.choices,
        label=_("Implementation"),
        empty_label=_("Any status"),
    )

    class Meta:
        model = ActivityReport
        fields = ["cycle", "priority_area", "body", "state", "status"]
