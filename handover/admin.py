from django.contrib import admin

from .models import CarryOver


@admin.register(CarryOver)
class CarryOverAdmin(admin.ModelAdmin):
    """What was carried where, to read: an item is carried from the hand-over page, where its checks are,
    and a carried item stays carried (its copy in the successor may already have reports)."""

    list_display = ["kind", "from_plan", "to_line", "to_focus_area", "new_activity", "carried_by", "carried_at"]
    list_filter = ["kind", "from_plan"]
    list_select_related = ["from_plan", "to_line", "to_focus_area__action_line", "new_activity", "carried_by"]
    search_fields = ["note", "to_line__number", "activity__code", "recommendation__recommendations", "decision__text",
                     "assistance_request__need"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
