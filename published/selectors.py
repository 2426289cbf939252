"""What the public pages and the open data read: only what is published (the streams' `public()`
querysets: accepted activity reports, acknowledged national reports), in a fixed number of queries
whatever the size of the plan."""

from django.db.models import Count, Max, Prefetch, Q

from monitoring.models import ActivityReport, OutputAchievement, ReportDocument
from national.models import ProvisionEntry
from workplan.models import PriorityArea

MATRIX_ORDER = (
    "activity__focus_area__action_line__priority_area__number",
    "activity__focus_area__action_line__position",
    "activity__focus_area__position",
    "activity__position",
    "-cycle__year",
    "implementing_body__position",
)


def published_reports(plan):
    """The work plan's accepted reports, in the matrix's order, each with its achievements prefetched:
    what a public page or an open-data file shows of them is their public parts only."""
    achievements = OutputAchievement.objects.select_related("output").order_by("output__position")
    return (
        ActivityReport.objects.public()
        .filter(cycle__plan=plan)
        .select_related("cycle", "implementing_body", "activity__focus_area__action_line__priority_area")
        .prefetch_related(Prefetch("achievements", queryset=achievements),
                          Prefetch("documents", queryset=ReportDocument.objects.public(), to_attr="public_documents"))
        .order_by(*MATRIX_ORDER)
    )


def public_parts(report):
    """[(label, text)] of the parts of an accepted report that its co-chairs marked public."""
    return [(ActivityReport._meta.get_field(part).verbose_name, text) for part, text in report.public_text().items()]


def published_document(model, pk):
    """The document `pk` of `model` (an activity or a national report's) if anyone may download it: marked
    public, of a published report. None otherwise: a draft's public document is still a draft's."""
    reports = model._meta.get_field("report").related_model.objects.public()
    return model.objects.public().filter(pk=pk, report__in=reports).first()


def last_updated(rows, field="updated_at"):
    """When the newest of `rows` (reports, or answers with `field` naming their report's) last changed:
    the "last updated" of the page that lists them."""
    return rows.order_by().aggregate(last=Max(field))["last"]


def areas_with_results(plan):
    """The plan's areas, each with how many accepted reports tell of its activities."""
    published = Q(action_lines__focus_areas__activities__reports__state=ActivityReport.State.ACCEPTED)
    return PriorityArea.objects.filter(plan=plan).annotate(
        report_count=Count("action_lines__focus_areas__activities__reports", filter=published)
    ).order_by("number")


def bodies_with_results(reports):
    """The implementing bodies of `reports`, each with how many of them it made."""
    rows = (reports.order_by().values("implementing_body__abbreviation", "implementing_body__name",
                                      "implementing_body__position")
            .annotate(report_count=Count("pk")).order_by("implementing_body__position"))
    return [{"abbreviation": row["implementing_body__abbreviation"], "name": row["implementing_body__name"],
             "report_count": row["report_count"]} for row in rows]


def published_entries(plan):
    """A plan of action's answers that anyone may read: those of acknowledged national reports that their
    state published. Ordered by provision, then state."""
    return (
        ProvisionEntry.objects.published()
        .filter(report__cycle__plan=plan)
        .select_related("report__member_state", "report__cycle", "provision__priority_area")
        .order_by("provision__priority_area__number", "provision__position", "report__member_state__name")
    )


def provision_status_table(plan, entries):
    """The plan's areas and provisions, each provision with its published answers by state, and the
    states that published any: what the public page of a plan of action shows for one year."""
    entries = list(entries)
    states = sorted({entry.report.member_state for entry in entries}, key=lambda state: state.name)
    by_provision = {}
    for entry in entries:
        by_provision.setdefault(entry.provision_id, {})[entry.report.member_state_id] = entry
    areas = PriorityArea.objects.filter(plan=plan).prefetch_related("action_lines").order_by("number")
    table = []
    for area in areas:
        rows = []
        for provision in area.action_lines.all():
            answers = by_provision.get(provision.pk, {})
            rows.append({"provision": provision, "cells": [answers.get(state.pk) for state in states]})
        table.append({"area": area, "rows": rows})
    return states, table
