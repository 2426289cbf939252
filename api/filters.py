"""The API's filters: the pages' own (plan, area, body, year, status), with the documents' own
references as values (plan slug, area number, body abbreviation, year)."""

import django_filters
from django.db.models import Q

from monitoring.models import ActivityReport
from national.models import NationalReport
from reporting.models import ReportingCycle
from workplan.models import Activity, ActionLine, Indicator, Output, PriorityArea


class AreaFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__slug")

    class Meta:
        model = PriorityArea
        fields = ["plan"]


class ProvisionFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__slug")
    area = django_filters.NumberFilter(field_name="priority_area__number")
    body = django_filters.CharFilter(field_name="relevant_bodies__abbreviation", distinct=True)

    class Meta:
        model = ActionLine
        fields = ["plan", "area", "body"]


class ActivityFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__slug")
    area = django_filters.NumberFilter(field_name="focus_area__action_line__priority_area__number")
    action_line = django_filters.CharFilter(field_name="focus_area__action_line__number")
    body = django_filters.CharFilter(field_name="lead_bodies__abbreviation", distinct=True)

    class Meta:
        model = Activity
        fields = ["plan", "area", "action_line", "body"]


class OutputFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="activity__plan__slug")
    activity = django_filters.CharFilter(field_name="activity__code")

    class Meta:
        model = Output
        fields = ["plan", "activity"]


class IndicatorFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(method="filter_plan")
    activity = django_filters.CharFilter(method="filter_activity")

    class Meta:
        model = Indicator
        fields = ["plan", "activity"]

    def filter_plan(self, queryset, name, value):
        return queryset.filter(Q(output__activity__plan__slug=value) | Q(activity__plan__slug=value))

    def filter_activity(self, queryset, name, value):
        return queryset.filter(Q(output__activity__code=value) | Q(activity__code=value))


class CycleFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__slug")
    status = django_filters.ChoiceFilter(field_name="state", choices=ReportingCycle.State.choices)

    class Meta:
        model = ReportingCycle
        fields = ["plan", "year", "status"]


class ActivityReportFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="cycle__plan__slug")
    year = django_filters.NumberFilter(field_name="cycle__year")
    area = django_filters.NumberFilter(field_name="activity__focus_area__action_line__priority_area__number")
    activity = django_filters.CharFilter(field_name="activity__code")
    body = django_filters.CharFilter(field_name="implementing_body__abbreviation")
    status = django_filters.ChoiceFilter(field_name="implementation_status", choices=ActivityReport.Status.choices)
    state = django_filters.ChoiceFilter(choices=ActivityReport.State.choices)

    class Meta:
        model = ActivityReport
        fields = ["plan", "year", "area", "activity", "body", "status", "state"]


class NationalReportFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="cycle__plan__slug")
    year = django_filters.NumberFilter(field_name="cycle__year")
    member_state = django_filters.CharFilter(field_name="member_state__code")
    state = django_filters.ChoiceFilter(choices=NationalReport.State.choices)

    class Meta:
        model = NationalReport
        fields = ["plan", "year", "member_state", "state"]
