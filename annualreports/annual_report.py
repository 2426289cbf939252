"""The annual status and implementation report of a cycle, for SOMTC and the AMMTC (sections III.b and IV).

A summary up front (coverage, implementation, late bodies, key recommendations), then for every
activity reported the section IV items. The page shows the summary and the entries fifty at a time;
the .xlsx file (`write_xlsx`) holds every entry, and is built apart from any request so that a
worker can build it for a cycle of ten thousand reports.
"""

from dataclasses import dataclass
from functools import cached_property
from io import BytesIO

import tablib
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from tablib.formats._xlsx import XLSXFormat
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber

from dashboard import cache
from dashboard.figures import REPORTED_STATES, AchievementCounts, Coverage, StatusCounts
from dashboard.selectors import (
    AREA,
    OPEN_RECOMMENDATIONS_SHOWN,
    Scope,
    figures_by_area,
    indicator_performances,
    late_bodies,
    late_in,
    open_recommendations,
    reporting_rates,
)
from monitoring.indicators import Standing
from monitoring.models import ActivityReport, OutputAchievement
from reporting.models import ReportingCycle
from workplan.spreadsheets import neutralise
from workplan.wording import agree, counted

KEY_RECOMMENDATIONS_PER_AREA = 5  # the summary quotes a few; every recommendation is in the entries


@dataclass
class AnnualReport:
    scope: object
    areas: list  # AreaFigures
    late: list  # (body, expected reports not received), once the deadline has passed (reporting.figures)
    deadline_passed: bool

    @classmethod
    def for_scope(cls, scope, cycles, counts):
        """`counts`: the selectors' Counts of the scope's body over all `cycles` (the late bodies need them all)."""
        areas = figures_by_area(scope, counts)
        late_cycles, late = late_bodies(scope, [scope.cycle])
        return cls(
            scope=scope,
            areas=areas,
            late=late_in(scope.cycle, late),
            deadline_passed=scope.cycle in late_cycles,
        )

    @property
    def entries(self):
        """The reported reports in the matrix's order, prefetched: a queryset, to be paginated or iterated."""
        return reported_entries(self.scope)

    @property
    def cycle(self):
        return self.scope.cycle

    @property
    def coverage(self):
        return Coverage.sum(area.coverage for area in self.areas)

    @property
    def status(self):
        return StatusCounts.sum(area.status for area in self.areas)

    @property
    def achievements(self):
        return AchievementCounts.sum(area.achievements for area in self.areas)

    @cached_property
    def rates(self):
        """(each body's reporting rates, the total): one query."""
        return reporting_rates(self.scope)

    @property
    def open_recommendations(self):
        return open_recommendations(self.scope)

    @cached_property
    def open_recommendations_shown(self):
        return list(self.open_recommendations[:OPEN_RECOMMENDATIONS_SHOWN])

    @cached_property
    def open_recommendations_count(self):
        return self.open_recommendations.count()

    @property
    def summary(self):
        return summary_text(self.coverage, self.status, self.achievements)

    @cached_property
    def indicators(self):
        """The achievement of the performance indicators (§IV): how many with a target are on track over the
        years up to the cycle's, and each one's line for the cycle's year and for the period so far."""
        return indicator_performances(self.scope)

    @cached_property
    def indicator_standing(self):
        """The same count as the dashboard's (dashboard.selectors.indicator_standing), from the rows above."""
        return Standing(on_track=sum(1 for row in self.indicators if row.on_track), with_target=len(self.indicators))

    def key_recommendations(self):
        """Per priority area, the first recommendations of accepted reports, in the order of the matrix:
        numbered per area by the database, so the page never reads every entry to pick a few."""
        ranked = (
            self.scope.reports()
            .filter(state=ActivityReport.State.ACCEPTED)
            .exclude(recommendations__regex=r"^\s*$")  # blank, line breaks included
            .annotate(rank=Window(RowNumber(), partition_by=[F(AREA)], order_by=ENTRY_ORDER))
            .filter(rank__lte=KEY_RECOMMENDATIONS_PER_AREA)
            .select_related("implementing_body", "activity__focus_area__action_line__priority_area")
            .order_by(*ENTRY_ORDER)
        )
        by_area = {}
        for report in ranked:
            by_area.setdefault(report.activity.focus_area.action_line.priority_area, []).append(report)
        return list(by_area.items())


ENTRY_ORDER = [
    "activity__focus_area__action_line__priority_area__number",
    "activity__focus_area__action_line__position",
    "activity__focus_area__position",
    "activity__position",
    "implementing_body__position",
    "pk",  # two reports of a body on one activity come from two cycles; the pk keeps pages stable anyway
]


def reported_entries(scope):
    """The reports of the cycle that bodies have submitted or the MTF accepted, in the matrix's order."""
    return (
        scope.reports()
        .filter(state__in=REPORTED_STATES)
        .select_related("implementing_body", "activity__plan", "activity__focus_area__action_line__priority_area")
        .prefetch_related(
            "activity__focus_area__action_line__relevant_bodies",
            "participating_member_states",
            "supporting_partners",
            "documents",
            Prefetch("achievements", queryset=OutputAchievement.objects.select_related("output")),
        )
        .order_by(*ENTRY_ORDER)
    )


def _percent(part, whole):
    return f"{100 * part / whole:.0f}%" if whole else "–"


def summary_text(coverage, status, achievements):
    """The summary's sentences, worded for any counts: "1 is in draft", "2 are in draft"."""
    c, s, a = coverage, status, achievements
    return " ".join([
        f"Of the {counted(c.activities, 'indicative activity', 'indicative activities')}, {c.reported}"
        f" ({_percent(c.reported, c.activities)}) {agree(c.reported, 'has', 'have')} a report submitted or accepted:"
        f" {c.accepted} accepted by the MTF, {c.submitted} awaiting review.",
        f"{c.returned} {agree(c.returned, 'has', 'have')} been returned for revision,"
        f" {c.draft} {agree(c.draft, 'is', 'are')} in draft, and {c.none} {agree(c.none, 'has', 'have')} no report.",
        f"Of {counted(s.reports, 'reported implementation', 'reported implementations')}, {s.completed}"
        f" {agree(s.completed, 'is', 'are')} completed, {s.ongoing} ongoing, {s.planned} planned,"
        f" {s.not_started} not started and {s.cancelled} cancelled.",
        f"Of {counted(a.outputs, 'expected output', 'expected outputs')} reported on, {a.achieved}"
        f" {agree(a.achieved, 'was', 'were')} achieved, {a.partly} partly achieved and {a.not_achieved} not achieved.",
    ])


def documents_text(report):
    return "; ".join(document.original_name for document in report.documents_beyond_confidential)


def _dates(report):
    if report.start_date and report.end_date and report.start_date != report.end_date:
        return f"{report.start_date.isoformat()} to {report.end_date.isoformat()}"
    date = report.start_date or report.end_date
    return date.isoformat() if date else ""


def _achievement_text(achievement):
    text = f"{achievement.output.text}: {achievement.get_level_display() or 'Not assessed'}"
    if achievement.figure is not None:
        text += f" ({achievement.figure.normalize():f})"
    if achievement.evidence:
        text += f" — {achievement.evidence}"
    return text


ENTRY_COLUMNS = [
    "Activity code", "Implementing body", "PoA priority area", "Action line", "Relevant bodies", "Focus area",
    "Indicative activity", "Date(s) organised", "Status of implementation", "Participating Member States",
    "Achievement of the performance indicators", "Assessment", "Recommendations", "Challenges", "Partners",
    "Dialogue Partner support", "Documents", "Report state",
]


def entries_dataset(report):
    dataset = tablib.Dataset(headers=ENTRY_COLUMNS, title="Activities reported")
    for entry in report.entries.iterator(chunk_size=2000):  # prefetched chunk by chunk, not all held at once
        activity = entry.activity
        line = activity.focus_area.action_line
        kept = entry.reported_wording  # the words the report was made against, should the activity be amended since
        row = [
            kept["code"], entry.implementing_body.abbreviation,
            str(line.priority_area), f"{line.number}. {line.matrix_text}",
            ", ".join(body.abbreviation for body in line.relevant_bodies.all()), activity.focus_area.text, kept["text"],
            _dates(entry), entry.get_implementation_status_display(),
            ", ".join(state.name for state in entry.participating_member_states.all()),
            "\n".join(_achievement_text(a) for a in entry.achievements.all()),
            entry.assessment, entry.recommendations, entry.challenges, entry.partners_text(), entry.dialogue_partner_support,
            documents_text(entry), entry.get_state_display(),
        ]
        dataset.append([neutralise(value) for value in row])
    return dataset


def summary_dataset(report):
    headers = ["Priority area", "Activities", *[label for _, label, _ in Coverage.zero().segments()],
               *[label for _, label, _ in StatusCounts.zero().segments()]]
    dataset = tablib.Dataset(headers=headers, title="Summary")
    for area in [*report.areas, None]:
        name = str(area.priority_area) if area else "Whole Work Plan"
        coverage, status = (area.coverage, area.status) if area else (report.coverage, report.status)
        dataset.append([name, coverage.activities, *[n for *_, n in coverage.segments()], *[n for *_, n in status.segments()]])
    dataset.append([""] * len(headers))
    late = "; ".join(f"{body.abbreviation} ({missing})" for body, missing in report.late)
    dataset.append(["Late bodies (expected reports not received)", late or "none"] + [""] * (len(headers) - 2))
    return dataset




def xlsx_filename(cycle):
    return f"{cycle.plan.slug}-annual-report-{cycle.year}.xlsx"


# Widths, in characters, of the columns that hold prose; the others fit their heading. Wide enough to
# read a line or two of text; a fitted width would make an assessment column hundreds wide.
PROSE_WIDTHS = {
    "Priority area": 40, "PoA priority area": 30, "Action line": 45, "Focus area": 40, "Indicative activity": 50,
    "Relevant bodies": 20, "Participating Member States": 30, "Achievement of the performance indicators": 50,
    "Assessment": 60, "Recommendations": 60,
}


def workbook(report):
    """The report as the bytes of an .xlsx file: the summary sheet, then every entry, columns given widths."""
    book = Workbook()
    book.remove(book.active)
    for dataset in (summary_dataset(report), entries_dataset(report)):
        sheet = book.create_sheet(dataset.title)
        XLSXFormat.dset_sheet(dataset, sheet, freeze_panes=True)
        for index, header in enumerate(dataset.headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = PROSE_WIDTHS.get(header, max(10, len(header) + 2))
    stream = BytesIO()
    book.save(stream)
    return stream.getvalue()


def for_cycle(cycle, *, priority_area=None, body=None):
    """The AnnualReport of `cycle` (a cycle or its pk), narrowed if asked, without a request: for the worker."""
    if not isinstance(cycle, ReportingCycle):
        cycle = ReportingCycle.objects.select_related("plan").get(pk=cycle)
    cycles = list(ReportingCycle.objects.filter(plan=cycle.plan_id).order_by("year"))
    for each in cycles:
        each.plan = cycle.plan
    scope = Scope(cycle=next(each for each in cycles if each.pk == cycle.pk), priority_area=priority_area, body=body)
    return AnnualReport.for_scope(scope, cycles, cache.counts(scope, cycles))


def write_xlsx(cycle, file=None, *, priority_area=None, body=None):
    """The whole annual report of `cycle` (narrowed to a priority area or a body if given) as an .xlsx
    workbook: written to `file` (a binary file object) if given, else returned as bytes.

    Needs no request, so a background worker can build it for a large cycle.
    """
    content = workbook(for_cycle(cycle, priority_area=priority_area, body=body))
    if file is None:
        return content
    file.write(content)
    return None
