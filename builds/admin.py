from django.contrib import admin

from .models import DocumentBuild


@admin.register(DocumentBuild)
class DocumentBuildAdmin(admin.ModelAdmin):
    list_display = ["kind", "plan", "params", "state", "attempts", "requested_by", "requested_at", "finished_at"]
    list_filter = ["kind", "state", "plan"]
    readonly_fields = [field.name for field in DocumentBuild._meta.fields]

    def has_add_permission(self, request):
        return False  # documents are asked for from their pages, which check the parameters
