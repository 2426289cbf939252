import django_filters
from django.utils.translation import gettext_lazy as _

from bodies.models import MemberState
from reporting.models import ReportingCycle
from workplan.filters import PlanFilterSet
from workplan.models import PriorityArea

from .models import ProvisionEntry


class ProvisionEntryFilter(PlanFilterSet):
    """The entries behind a figure of the WG chair's dashboard, named as its query string names them."""

    cycle = django_filters.ModelChoiceFilter(
        queryset=ReportingCycle.objects.all(), to_field_name="year", field_name="report__cycle", label=_("Cycle"),
        empty_label=_("All cycles"),
    )
    member_state = django_filters.ModelChoiceFilter(
        queryset=MemberState.objects.all(), to_field_name="code", field_name="report__member_state",
        label=_("Member State"), empty_label=_("All Member States"),
    )
    area = django_filters.ModelChoiceFilter(
        queryset=PriorityArea.objects.all(), to_field_name="number", field_name="provision__priority_area",
        label=_("Area"), empty_label=_("All areas"),
    )
    status = django_filters.ChoiceFilter(choices=ProvisionEntry.Status.choices, label=_("Status"))
    theme = django_filters.ChoiceFilter(
        choices=ProvisionEntry.Assistance.choices, field_name="assistance_theme", label=_("Kind of assistance")
    )

    class Meta:
        model = ProvisionEntry
        fields = ["cycle", "member_state", "area", "status", "theme"]
