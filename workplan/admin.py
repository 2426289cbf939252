from django.contrib import admin
from django.urls import path

from . import admin_views

from .models import Activity, ActionLine, FocusArea, Output, Plan, PriorityArea


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "slug", "period", "status", "implements", "succeeded_by"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["title", "description"]


@admin.register(ActionLine)
class ActionLineAdmin(admin.ModelAdmin):
    list_display = ["number", "short_text", "plan", "priority_area"]
    list_filter = ["plan", "relevant_bodies"]
    list_select_related = ["plan", "priority_area"]
    search_fields = ["number", "text"]
    filter_horizontal = ["relevant_bodies"]
    raw_id_fields = ["implements"]

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:100]


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["position", "code", "text"]
    extra = 0
    show_change_link = True


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "action_line"]
    list_filter = ["action_line__plan"]
    list_select_related = ["action_line"]
    search_fields = ["text", "action_line__number"]
    inlines = [ActivityInline]


class OutputInline(admin.TabularInline):
    model = Output
    fields = ["position", "text"]
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "short_text", "plan", "action_line_number", "lead_body_list", "dropped_on"]
    list_filter = ["plan", "lead_bodies", ("dropped_on", admin.EmptyFieldListFilter)]
    list_select_related = ["plan", "focus_area__action_line"]
    search_fields = ["code", "text", "outputs__text", "focus_area__text"]
    filter_horizontal = ["lead_bodies"]
    raw_id_fields = ["focus_area"]
    inlines = [OutputInline]
    change_list_template = "admin/workplan/activity_change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(lambda request: admin_views.import_view(self, request)), name="workplan_activity_import"),
            path("import/<int:pk>/", view(lambda request, pk: admin_views.import_job_view(self, request, pk)),
                 name="workplan_activity_import_job"),
            path(
                "export/<slug:slug>.<str:extension>",
                view(lambda request, slug, extension: admin_views.export_view(self, request, slug, extension)),
                name="workplan_activity_export",
            ),
        ] + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lead_bodies")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "plans": Plan.objects.all()}
        return super().changelist_view(request, extra_context)

    @admin.display(description="indicative activity")
    def short_text(self, obj):
        return obj.text[:100]

    @admin.display(description="action line", ordering="focus_area__action_line__position")
    def action_line_number(self, obj):
        return obj.focus_area.action_line.number

    @admin.display(description="lead bodies")
    def lead_body_list(self, obj):
        return ", ".join(body.abbreviation for body in obj.lead_bodies.all())


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    list_display = ["__str__", "activity"]
    list_filter = ["activity__plan"]
    list_select_related = ["activity"]
    search_fields = ["text", "activity__code", "activity__text"]
    raw_id_fields = ["activity"]
