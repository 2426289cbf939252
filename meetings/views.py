from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reporting.access import private_view
from reporting.sensitivity import may_read, readable_marks, split_readable
from reporting.views import send_document
from workplan.models import Plan
from workplan.scoping import plan_view

from . import roles, services
from .forms import DecisionForm, FollowUpForm, MeetingForm
from .models import Decision, DecisionNote, Meeting, MeetingDocument


def _refuse_unless_recorder(user):
    if not roles.may_record(user):
        raise PermissionDenied


@private_view
@plan_view()
def meetings(request, plan):
    """The meetings that examined the plan, newest first."""
    meetings = plan.meetings.annotate(decision_count=Count("decisions")).select_related("body")
    return render(request, "meetings/meeting_list.html",
                  {"plan": plan, "meetings": meetings, "can_record": roles.may_record(request.user)})


@private_view
def meeting(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.select_related("body").prefetch_related(
            Prefetch("plans", queryset=Plan.objects.order_by("pk")), "member_states_present", "bodies_present",
            Prefetch("documents", queryset=MeetingDocument.objects.order_by("uploaded_at", "pk"))),
        pk=pk)
    decisions = meeting.decisions.for_pages()
    documents, hidden_documents = split_readable(meeting.documents.all(), readable_marks(request.user, meeting))
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting, "decisions": decisions, "can_record": roles.may_record(request.user),
        "documents": documents, "hidden_documents": hidden_documents,
    })


def _meeting_form_page(request, form, meeting=None, plan=None):
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting, "plan": plan})


@private_view
@plan_view()
def new_meeting(request, plan):
    _refuse_unless_recorder(request.user)
    form = MeetingForm(request.POST or None, request.FILES or None, initial={"plans": [plan]})
    if request.method == "POST" and form.is_valid():
        meeting = services.save_meeting(form=form, user=request.user)
        messages.success(request, f"Meeting “{meeting.title}” recorded.")
        return redirect(meeting)
    return _meeting_form_page(request, form, plan=plan)


@private_view
def edit_meeting(request, pk):
    _refuse_unless_recorder(request.user)
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, request.FILES or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.save_meeting(form=form, user=request.user)
        messages.success(request, f"Meeting “{meeting.title}” saved.")
        return redirect(meeting)
    documents = meeting.documents.all()
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting, "documents": documents})


@private_view
def document(request, pk):
    """A meeting's document, for those logged in who may see the meeting; never from a public URL."""
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    if not may_read(request.user, document.sensitivity, document.meeting):
        raise PermissionDenied
    return send_document(document)


@private_view
@require_POST
def remove_document(request, pk):
    _refuse_unless_recorder(request.user)
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    services.remove_document(document=document, user=request.user)
    messages.success(request, f"Document “{document.original_name}” removed.")
    return redirect("meetings:edit_meeting", pk=document.meeting_id)


def _decision_form(request, meeting, decision=None):
    """The decision's page: a press on “Search” shows the picker's results and saves nothing."""
    plans = list(meeting.plans.all())
    searching = request.method == "POST" and "search_button" in request.POST
    form = DecisionForm(request.POST or None, instance=decision, plans=plans)
    if request.method == "POST" and not searching and form.is_valid():
        saved = services.save_decision(form=form, user=request.user, meeting=meeting)
        messages.success(request, f"Decision {saved.position} saved.")
        return redirect(f"{meeting.get_absolute_url()}#decision-{saved.position}")
    if searching:
        form.errors.clear()  # only a search: nothing was refused
    return render(request, "meetings/decision_form.html",
                  {"form": form, "meeting": meeting, "decision": decision, "searching": searching})


@private_view
def new_decision(request, pk):
    _refuse_unless_recorder(request.user)
    meeting = get_object_or_404(Meeting, pk=pk)
    return _decision_form(request, meeting)


@private_view
def edit_decision(request, pk):
    _refuse_unless_recorder(request.user)
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    return _decision_form(request, decision.meeting, decision)


@private_view
def decision(request, pk):
    """A decision, what it concerns, its owner and its follow-up thread; its owner adds to the thread."""
    decision = get_object_or_404(Decision.objects.for_pages(), pk=pk)
    if not decision.is_visible_to(request.user):
        raise PermissionDenied
    may_follow_up = decision.may_follow_up(request.user)
    form = FollowUpForm(request.POST or None, decision=decision) if may_follow_up else None
    if request.method == "POST":
        if not may_follow_up:
            raise PermissionDenied
        if form.is_valid():
            services.follow_up(decision=decision, user=request.user, text=form.cleaned_data["text"],
                               status=form.cleaned_data["status"])
            messages.success(request, "Follow-up recorded.")
            return redirect(decision)
    notes = DecisionNote.objects.filter(decision=decision).select_related("author")
    return render(request, "meetings/decision_detail.html", {
        "decision": decision, "meeting": decision.meeting, "notes": notes, "form": form,
        "can_record": roles.may_record(request.user),
    })
