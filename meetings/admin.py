from django.contrib import admin

from .models import Decision, Meeting


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 1
    raw_id_fields = ["provisions", "activities"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """A meeting with its attendance and its decisions, each pointing at the provisions or activities it concerns."""

    list_display = ["held_on", "title", "kind"]
    list_filter = ["kind", "plans"]
    search_fields = ["title", "decisions__text"]
    filter_horizontal = ["plans", "member_states_present", "bodies_present"]
    inlines = [DecisionInline]
