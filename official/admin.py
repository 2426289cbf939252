from django.contrib import admin

from .models import Dispatch, Document, Signature, Version


class ReadOnly(admin.ModelAdmin):
    """Written, signed and sent on the documents' own pages, where each step is checked and audited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # what the ministers received is kept


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ["kind", "plan", "year", "updated_by", "updated_at"]
    list_filter = ["kind", "plan"]


@admin.register(Version)
class VersionAdmin(ReadOnly):
    list_display = ["document", "number", "state", "created_at"]
    list_filter = ["state"]


@admin.register(Signature)
class SignatureAdmin(ReadOnly):
    list_display = ["version", "name", "role", "signed_at"]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnly):
    list_display = ["version", "sent_to", "sent_on", "outcome"]
    list_filter = ["sent_to", "outcome"]
