from django.contrib import admin

from reporting.admin import DocumentInline, ReportAdmin, TransitionInline

from .exports import reports_download
from .models import ActivityReport, OutputAchievement, Participation, ReportDocument, ReportingAssignment, ReportTransition


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


class ReportDocumentInline(DocumentInline):
    model = ReportDocument


class ReportTransitionInline(TransitionInline):
    model = ReportTransition


class OutputAchievementInline(admin.TabularInline):
    model = OutputAchievement
    fields = ["output", "level", "evidence", "figure"]
    raw_id_fields = ["output"]
    extra = 0


class ParticipationInline(admin.TabularInline):
    """The Member States that took part, each with its role (hosted, co-sponsored, attended)."""

    model = Participation
    fields = ["memberstate", "role"]
    extra = 0


@admin.register(ActivityReport)
class ActivityReportAdmin(ReportAdmin):
    list_display = ["__str__", "cycle", "implementing_body", "state", "implementation_status", "updated_at"]
    list_filter = ["cycle", "state", "implementation_status", "implementing_body", "activity__focus_area__action_line__priority_area"]
    list_select_related = ["cycle", "implementing_body", "activity"]
    search_fields = ["activity__code", "activity__text", "assessment", "recommendations", "implementing_body__abbreviation"]
    filter_horizontal = ["supporting_partners"]
    inlines = [ParticipationInline, OutputAchievementInline, ReportDocumentInline, ReportTransitionInline]
    raw_id_fields = ["activity", "follows_up"]
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
