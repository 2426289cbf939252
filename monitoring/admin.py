from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .exports import reports_download
from .models import ActivityReport, OutputAchievement, ReportDocument, ReportingCycle, ReportTransition


@admin.register(ReportingCycle)
class ReportingCycleAdmin(admin.ModelAdmin):
    # Plans of action have cycles too (for the national reports): the plan tells the 2025s apart.
    list_display = ["year", "plan", "opens_on", "deadline", "state"]
    list_filter = ["plan", "state"]
    search_fields = ["year"]
    list_editable = ["state"]


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


@admin.register(ActivityReport)
class ActivityReportAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "cycle", "implementing_body", "state", "implementation_status", "updated_at"]
    list_filter = ["cycle", "state", "implementation_status", "implementing_body", "activity__focus_area__action_line__priority_area"]
    list_select_related = ["cycle", "implementing_body", "activity"]
    search_fields = ["activity__code", "activity__text", "assessment", "recommendations", "implementing_body__abbreviation"]
    raw_id_fields = ["activity", "created_by"]
    readonly_fields = ["version", "created_at", "updated_at", "submitted_at"]
    filter_horizontal = ["participating_member_states"]
    inlines = [OutputAchievementInline, ReportDocumentInline, ReportTransitionInline]
    actions = ["export_xlsx", "export_csv"]

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
