from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was or will be sent to whom, and why a message is stuck."""

    list_display = ["subject", "recipient", "event", "delivery", "created_at", "sent_at", "attempts"]
    list_filter = ["event", "delivery", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipient__username", "recipient__email"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "delivery"]
    list_filter = ["event", "delivery"]
