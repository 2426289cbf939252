import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from bodies.models import SectoralBody

from .models import Activity, ActionLine, Output, PriorityArea


class PlanFilterSet(django_filters.FilterSet):
    """A filter set of one plan's pages: its choices of cycles, priority areas and action lines are that
    plan's, so that "2024", "1" or "1.8" in a query string means the plan's own."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for name, filter_ in self.filters.items():
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None and any(field.name == "plan" for field in queryset.model._meta.fields):
                # The form's field validates a value and gives the object the filter then uses.
                self.form.fields[name].queryset = queryset.filter(plan=plan)

    def cleaned(self, name):
        return self.active_filters.get(name)

    @property
    def active_filters(self):
        if not self.is_bound:
            return {}
        self.form.is_valid()  # an invalid field is left out of cleaned_data; the valid ones still apply
        return {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}


class ProvisionFilter(PlanFilterSet):
    """Filters of a plan of action's page: an area and words of the provisions' text."""

    priority_area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=PriorityArea.objects.all(), to_field_name="number", empty_label=_("All areas"),
    )
    q = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=200)

    class Meta:
        model = ActionLine
        fields = ["priority_area", "q"]

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(text__icontains=word) | Q(number=word) | Q(priority_area__title__icontains=word))
        return queryset


class MatrixFilter(PlanFilterSet):
    """Filters of the matrix page. It filters activities; the page then shows the rows they sit in.

    Values in the query string are the document's own references (priority area 1, action line 1.8,
    body SOMTC) so that a filtered matrix has a URL a person can read and share.
    """

    priority_area = django_filters.ModelChoiceFilter(
        label=_("Priority area"),
        queryset=PriorityArea.objects.all(),
        to_field_name="number",
        method="filter_by_action_line",
        empty_label=_("All priority areas"),
    )
    action_line = django_filters.ModelChoiceFilter(
        label=_("Action line"),
        queryset=ActionLine.objects.all(),
        to_field_name="number",
        method="filter_by_action_line",
        empty_label=_("All action lines"),
    )
    lead_body = django_filters.ModelChoiceFilter(
        label=_("Lead body"),
        queryset=SectoralBody.objects.all(),
        to_field_name="abbreviation",
        field_name="lead_bodies",
        empty_label=_("Any lead body"),
    )
    relevant_body = django_filters.ModelChoiceFilter(
        label=_("Relevant body"),
        queryset=SectoralBody.objects.all(),
        to_field_name="abbreviation",
        method="filter_by_action_line",
        empty_label=_("Any relevant body"),
    )
    q = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=200)

    # Filters on the activities themselves; the others select whole action lines.
    ROW_FILTERS = ("lead_body", "q")

    class Meta:
        model = Activity
        fields = ["priority_area", "action_line", "lead_body", "relevant_body", "q"]

    def filter_by_action_line(self, queryset, name, value):
        # Applied once for all three in filter_queryset(), through action_lines().
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.filter(focus_area__action_line__in=self.action_lines())

    def action_lines(self):
        """The action lines the filter selects as a whole (priority area, action line, relevant body)."""
        criteria = self.active_filters
        action_lines = ActionLine.objects.filter(plan=self.plan)
        if criteria.get("priority_area"):
            action_lines = action_lines.filter(priority_area=criteria["priority_area"])
        if criteria.get("action_line"):
            action_lines = action_lines.filter(pk=criteria["action_line"].pk)
        if criteria.get("relevant_body"):
            action_lines = action_lines.filter(relevant_bodies=criteria["relevant_body"])
        return action_lines

    def filter_text(self, queryset, name, value):
        # Outputs are searched through EXISTS rather than a join: a join multiplies the rows and needs
        # DISTINCT, and PostgreSQL plans the nested DISTINCT subqueries of the matrix page very badly.
        for word in value.split():
            queryset = queryset.filter(
                Q(text__icontains=word)
                | Exists(Output.objects.filter(activity=OuterRef("pk"), text__icontains=word))
                | Q(focus_area__text__icontains=word)
                | Q(focus_area__action_line__text__icontains=word)
                | Q(code=word)
            )
        return queryset

    @property
    def filters_rows(self):
        """True when the filter selects individual activities rather than whole action lines."""
        return any(name in self.active_filters for name in self.ROW_FILTERS)
