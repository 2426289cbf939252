from django.contrib import admin
from django.utils.html import format_html

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The log is read, never written by hand: no adding, changing or deleting, even for superusers."""

    list_display = ["at", "action", "username", "object_link", "ip_address", "detail"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "user__username", "user__first_name", "user__last_name", "object_label", "detail"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    @admin.display(description="object", ordering="object_label")
    def object_link(self, event):
        if event.object_url:
            return format_html('<a href="{}">{}</a>', event.object_url, event.object_label)
        return event.object_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
