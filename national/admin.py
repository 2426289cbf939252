from django.contrib import admin

from reporting.admin import DocumentInline, ReportAdmin, ReportHistoryAdmin, TransitionInline

from .models import (
    Agency, AssistanceRequest, AssistanceStep, ContactPerson, FocalPoint, NationalReport, NationalReportDocument, NationalReportTransition, ProvisionEntry,
    Review,
)


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 1
    autocomplete_fields = ["user"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 1
    fields = ["plan", "name", "position", "email", "phone"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """A Member State's agencies, with their focal points and their contact persons for each plan."""

    list_display = ["name", "member_state", "kind"]
    list_filter = ["member_state", "kind"]
    search_fields = ["name", "member_state__name"]
    inlines = [FocalPointInline, ContactPersonInline]


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency__member_state"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "plan", "position", "email", "phone"]
    list_filter = ["plan", "agency__member_state"]
    search_fields = ["name", "email", "agency__name"]
    autocomplete_fields = ["agency"]


class ProvisionEntryInline(admin.TabularInline):
    model = ProvisionEntry
    fields = ["provision", "status", "carried_forward"]
    readonly_fields = ["provision"]
    extra = 0
    can_delete = False


class NationalReportDocumentInline(DocumentInline):
    model = NationalReportDocument


class NationalReportTransitionInline(TransitionInline):
    model = NationalReportTransition


@admin.register(NationalReport)
class NationalReportAdmin(ReportAdmin):
    list_display = ["member_state", "cycle", "state", "shared_with_member_states", "submitted_at"]
    list_filter = ["cycle__plan", "cycle__year", "state", "member_state"]
    # Sharing is a step of its own (reporting.services.share), taken on the report's page.
    readonly_fields = ["shared_with_member_states"]
    inlines = [ProvisionEntryInline, NationalReportDocumentInline, NationalReportTransitionInline]


@admin.register(Review)
class ReviewAdmin(ReportHistoryAdmin):
    list_display = ["plan", "first_year", "last_year", "state", "submitted_on", "endorsed_on"]
    list_filter = ["plan", "state"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]


class AssistanceStepInline(admin.TabularInline):
    model = AssistanceStep
    fields = ["from_status", "to_status", "on", "partner", "note", "by", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # steps are taken on the request's page, where who may take which is checked


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "theme", "status", "partner", "requested_on"]
    list_filter = ["status", "theme", "entry__report__cycle__plan", "entry__report__member_state"]
    list_select_related = ["entry__provision", "entry__report__member_state", "partner"]
    readonly_fields = ["entry", "need", "theme", "status", "partner", "requested_on"]
    inlines = [AssistanceStepInline]

    def has_add_permission(self, request):
        return False  # opened by the submission of a national report
