from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from . import calendar
from .models import ReportingCycle
from .templatetags.deadlines import deadline


@admin.register(ReportingCycle)
class ReportingCycleAdmin(admin.ModelAdmin):
    # Plans of action have cycles too (for the national reports): the plan tells the 2025s apart.
    list_display = ["year", "plan", "opens_on", "deadline_from_today", "closes_on_from_today", "state", "announced_at"]
    list_filter = ["plan", "state"]
    search_fields = ["year"]
    readonly_fields = ["state", "announced_at"]  # moved by the actions below, which do what goes with them
    actions = ["open_cycles", "close_cycles"]

    @admin.display(description="deadline", ordering="deadline")
    def deadline_from_today(self, cycle):
        return deadline(cycle.deadline, "j M Y")

    @admin.display(description="closes on", ordering="closes_on")
    def closes_on_from_today(self, cycle):
        return deadline(cycle.closes_on, "j M Y") or "—"

    @admin.action(description="Open the selected cycles and tell those they expect what they are expected to report")
    def open_cycles(self, request, queryset):
        for cycle in queryset:
            calendar.open_cycle(cycle, user=request.user)
        self.message_user(request, f"Opened {len(queryset)} cycle(s); those expected are told so once.")

    @admin.action(description="Close the selected cycles now…")
    def close_cycles(self, request, queryset):
        """First a page of what is still outstanding in each cycle; closing only once confirmed there."""
        if request.POST.get("confirm") == "yes":
            for cycle in queryset:
                calendar.close_cycle(cycle)
            self.message_user(request, f"Closed {len(queryset)} cycle(s).")
            return None
        outstanding = [(cycle, calendar.outstanding(cycle)) for cycle in queryset.select_related("plan")]
        return TemplateResponse(request, "admin/reporting/close_cycles.html", {
            **self.admin_site.each_context(request), "title": "Close reporting cycles", "outstanding": outstanding,
            "queryset": queryset, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME, "opts": self.model._meta,
        })


class DocumentInline(admin.TabularInline):
    """A report's documents, read-only: they are added and removed on the report's own form. A
    subclass sets `model`."""

    fields = ["original_name", "description", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class TransitionInline(admin.TabularInline):
    """A report's workflow steps, read-only. A subclass sets `model`."""

    fields = ["from_state", "to_state", "by", "at", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class ReportHistoryAdmin(SimpleHistoryAdmin):
    """The admin of a record with a history of its versions (a report, a review)."""

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history looks the record up with the id as given: one that is no number
        # would fail in the query (a 500) rather than be a record that does not exist.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404("No report has that number.")
        return super().history_view(request, object_id, extra_context)


class VersionCheckedForm(forms.ModelForm):
    """The admin's form of a versioned record, with the optimistic locking of the writers' forms: a
    change saved from a page opened before another save is refused instead of overwriting it."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (type(self.instance)._default_manager.filter(pk=self.instance.pk)
                       .values_list("version", flat=True).first())
            if cleaned.get("opened_version") != current:
                raise forms.ValidationError(
                    "This report was changed by someone else since you opened it; nothing was saved. "
                    "Open it again to see the current version.")
        return cleaned


class ReportAdmin(ReportHistoryAdmin):
    """The admin of any kind of report: its state and its dates are read-only (the state moves only by
    the workflow's steps, which record who, when and why), a save from a stale page is refused, and an
    accepted or acknowledged report is locked: it changes only once reopened on its page."""

    form = VersionCheckedForm
    WORKFLOW_FIELDS = ["state", "version", "created_by", "created_at", "updated_at", "submitted_at", "first_submitted_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.WORKFLOW_FIELDS, *super().get_readonly_fields(request, obj)]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_final:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_final or obj.first_submitted_at is not None):
            return False  # what a body or a state once sent stays on record
        return super().has_delete_permission(request, obj)
