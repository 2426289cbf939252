from django.contrib import admin

from .models import Decision, DecisionNote, Meeting, MeetingDocument


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 1
    autocomplete_fields = ["provisions", "activities", "owner_body", "owner_state"]


class MeetingDocumentInline(admin.TabularInline):
    """Documents are uploaded on the meeting's page, where their content is checked; here they are listed."""

    model = MeetingDocument
    extra = 0
    fields = ["kind", "original_name", "size", "description", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """A meeting with its attendance and its decisions, each pointing at the provisions or activities it concerns."""

    list_display = ["held_on", "title", "kind"]
    list_filter = ["kind", "plans"]
    search_fields = ["title", "decisions__text"]
    autocomplete_fields = ["body", "plans", "member_states_present", "bodies_present"]
    inlines = [DecisionInline, MeetingDocumentInline]


class DecisionNoteInline(admin.TabularInline):
    model = DecisionNote
    extra = 0
    fields = ["author", "created_at", "from_status", "to_status", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """A decision on its own: its owner, due date and status, and its follow-up thread (read-only here)."""

    list_display = ["__str__", "owner_kind", "due_on", "status"]
    list_filter = ["status", "owner_kind", "meeting__kind"]
    search_fields = ["text", "meeting__title"]
    autocomplete_fields = ["meeting", "provisions", "activities", "owner_body", "owner_state"]
    inlines = [DecisionNoteInline]
