from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from workplan.scoping import plan_view

from .models import Meeting


@login_required
@plan_view()
def meetings(request, plan):
    """The meetings that examined the plan, newest first."""
    meetings = plan.meetings.annotate(decision_count=Count("decisions"))
    return render(request, "meetings/meeting_list.html", {"plan": plan, "meetings": meetings})


@login_required
def meeting(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    decisions = meeting.decisions.prefetch_related("provisions__plan", "activities__plan")
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting, "decisions": decisions})
