from django.contrib import admin

from .models import AnnualReportText, AnnualReportVersion


@admin.register(AnnualReportText)
class AnnualReportTextAdmin(admin.ModelAdmin):
    list_display = ["cycle", "updated_by", "updated_at"]
    readonly_fields = ["cycle", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False  # written by the co-chairs on the annual report's page


@admin.register(AnnualReportVersion)
class AnnualReportVersionAdmin(admin.ModelAdmin):
    list_display = ["cycle", "number", "state", "first_signed_by", "second_signed_by", "second_signed_at"]
    list_filter = ["state"]
    readonly_fields = [field.name for field in AnnualReportVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a signed version is frozen; a correction is a new version, signed off again

    def has_delete_permission(self, request, obj=None):
        return False  # what the ministers received is kept
