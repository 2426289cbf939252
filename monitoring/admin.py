from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from reporting.models import ReportingCycle
from simple_history.admin import SimpleHistoryAdmin

from .exports import reports_download
from . import cycles
from .models import ActivityReport, OutputAchievement, ReportDocument, ReportingAssignment, ReportTransition


@admin.register(ReportingCycle)
class ReportingCycleAdmin(admin.ModelAdmin):
    # Plans of action have cycles too (for the national reports): the plan tells the 2025s apart.
    list_display = ["year", "plan", "opens_on", "deadline", "closes_on", "state", "announced_at"]
    list_filter = ["plan", "state"]
    search_fields = ["year"]
    readonly_fields = ["state", "announced_at"]  # moved by the actions below, which do what goes with them
    actions = ["open_cycles", "close_cycles"]

    @admin.action(description="Open the selected cycles and tell each body what it is expected to report")
    def open_cycles(self, request, queryset):
        for cycle in queryset:
            cycles.open_cycle(cycle, user=request.user)
        self.message_user(request, f"Opened {len(queryset)} cycle(s); each body's staff are told their expected reports once.")

    @admin.action(description="Close the selected cycles now…")
    def close_cycles(self, request, queryset):
        """First a page of what is still outstanding in each cycle; closing only once confirmed there."""
        if request.POST.get("confirm") == "yes":
            for cycle in queryset:
                cycles.close_cycle(cycle)
            self.message_user(request, f"Closed {len(queryset)} cycle(s).")
            return None
        outstanding = [(cycle, sorted(cycles.outstanding_by_body(cycle).items(), key=lambda item: item[0].position))
                       for cycle in queryset.select_related("plan")]
        return TemplateResponse(request, "admin/monitoring/close_cycles.html", {
            **self.admin_site.each_context(request), "title": "Close reporting cycles", "outstanding": outstanding,
            "queryset": queryset, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME, "opts": self.model._meta,
        })


@admin.register(ReportingAssignment)
class ReportingAssignmentAdmin(admin.ModelAdmin):
    """The MTF's answer to "who reports on this activity?" where the matrix names no lead."""

    list_display = ["activity", "body", "assigned_by", "assigned_at"]
    list_filter = ["body"]
    raw_id_fields = ["activity"]
    readonly_fields = ["assigned_by", "assigned_at"]

    def save_model(self, request, obj, form, change):
        obj.assigned_by = request.user
        super().save_model(request, obj, form, change)


class OutputAchievementInline(admin.TabularInline):
    model = OutputAchievement
    fields = ["output", "level", "evidence", "figure"]
    raw_id_fields = ["output"]
    extra = 0


class ReportDocumentInline(admin.TabularInline):
    """A report's documents, read-only: they are added and removed on the report's own form."""

    model = ReportDocument
    fields = ["original_name", "description", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class ReportTransitionInline(admin.TabularInline):
    model = ReportTransition
    fields = ["from_state", "to_state", "by", "at", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class ReportHistoryAdmin(SimpleHistoryAdmin):
    """The admin of a report with a history of its versions (any report: activity or national)."""

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history looks the report up with the id as given: one that is no number
        # would fail in the query (a 500) rather than be a report that does not exist.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404("No report has that number.")
        return super().history_view(request, object_id, extra_context)


class ActivityReportAdminForm(forms.ModelForm):
    """The admin's form of a report, with the optimistic locking of the staff's form: a change saved from
    a page opened before another save is refused instead of overwriting it."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActivityReport
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = ActivityReport.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if cleaned.get("opened_version") != current:
                raise forms.ValidationError(
                    "This report was changed by someone else since you opened it; nothing was saved. "
                    "Open it again to see the current version.")
        return cleaned


@admin.register(ActivityReport)
class ActivityReportAdmin(ReportHistoryAdmin):
    form = ActivityReportAdminForm
    list_display = ["__str__", "cycle", "implementing_body", "state", "implementation_status", "updated_at"]
    list_filter = ["cycle", "state", "implementation_status", "implementing_body", "activity__focus_area__action_line__priority_area"]
    list_select_related = ["cycle", "implementing_body", "activity"]
    search_fields = ["activity__code", "activity__text", "assessment", "recommendations", "implementing_body__abbreviation"]
    raw_id_fields = ["activity", "created_by"]
    # The state moves only by the workflow's steps, which record who and when.
    readonly_fields = ["state", "version", "created_at", "updated_at", "submitted_at"]
    filter_horizontal = ["participating_member_states"]
    inlines = [OutputAchievementInline, ReportDocumentInline, ReportTransitionInline]
    actions = ["export_xlsx", "export_csv"]

    def has_change_permission(self, request, obj=None):
        # Accepted means locked: the admin shows it read-only; it changes only after a co-chair or an
        # administrator reopens it on its page, a step that is recorded, audited and told.
        if obj is not None and obj.state == ActivityReport.State.ACCEPTED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.state == ActivityReport.State.ACCEPTED:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Export the selected reports with their achievements (.xlsx)")
    def export_xlsx(self, request, queryset):
        return reports_download(queryset, ".xlsx")

    @admin.action(description="Export the selected reports with their achievements (.csv)")
    def export_csv(self, request, queryset):
        return reports_download(queryset, ".csv")


@admin.register(ReportTransition)
class ReportTransitionAdmin(admin.ModelAdmin):
    list_display = ["report", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state", "at"]
    list_select_related = ["report__activity", "report__cycle", "report__implementing_body", "by"]
    search_fields = ["report__activity__code", "comment", "by__username"]
