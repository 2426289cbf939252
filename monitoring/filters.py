import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from bodies.models import MemberState, SectoralBody
from reporting.models import ReportingCycle
from workplan.filters import PlanFilterSet
from workplan.models import PriorityArea

from .models import ActivityReport, OutputAchievement

REPORTED = "reported"  # submitted or accepted: what the dashboard counts as reported


class ReportFilter(PlanFilterSet):
    """Filters of a plan's report lists, with the document's own references in the query string."""

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
    action_line = django_filters.CharFilter(
        field_name="activity__focus_area__action_line__number", label=_("Action line"), max_length=8
    )
    state = django_filters.ChoiceFilter(
        choices=[*ActivityReport.State.choices, (REPORTED, _("Submitted or accepted"))],
        method="filter_state",
        label=_("Report"),
        empty_label=_("Any state"),
    )
    status = django_filters.ChoiceFilter(
        field_name="implementation_status",
        choices=ActivityReport.Status.choices,
        label=_("Implementation"),
        empty_label=_("Any status"),
    )

    member_state = django_filters.ModelChoiceFilter(
        queryset=MemberState.objects.all(),
        to_field_name="code",
        field_name="participating_member_states",
        label=_("Member State"),
        empty_label=_("Any Member State"),
    )
    achievement = django_filters.ChoiceFilter(
        choices=[*OutputAchievement.Level.choices, ("not_assessed", _("Not assessed"))],
        method="filter_achievement",
        label=_("An output"),
        empty_label=_("Any achievement"),
    )

    class Meta:
        model = ActivityReport
        fields = ["cycle", "priority_area", "action_line", "body", "state", "status", "member_state", "achievement"]

    def filter_state(self, queryset, name, value):
        if value == REPORTED:
            return queryset.filter(state__in=[ActivityReport.State.SUBMITTED, ActivityReport.State.ACCEPTED])
        return queryset.filter(state=value)

    def filter_achievement(self, queryset, name, value):
        """Reports with at least one expected output at that level."""
        level = "" if value == "not_assessed" else value
        return queryset.filter(Exists(OutputAchievement.objects.filter(report=OuterRef("pk"), level=level)))


class ReviewQueueFilter(ReportFilter):
    """The review queue's filters: everything in it is submitted, so a choice of state could only empty it."""

    state = None

    class Meta(ReportFilter.Meta):
        fields = [name for name in ReportFilter.Meta.fields if name != "state"]
