"""The annual status and implementation report of a cycle, for SOMTC and the AMMTC (sections III.b and IV).

A summary up front (coverage, implementation, late bodies, key recommendations), then for every
activity reported the section IV items. The same content is a print-ready page and an .xlsx file.
"""

from dataclasses import dataclass

import tablib
from django.db.models import Prefetch
from django.http import HttpResponse

from monitoring.models import ActivityReport, OutputAchievement
from workplan.spreadsheets import neutralise

from .figures import REPORTED_STATES, AchievementCounts, Coverage, StatusCounts
from .selectors import bodies_by_area, figures_by_area, late_bodies, late_in

KEY_RECOMMENDATIONS_PER_AREA = 5  # the summary quotes a few; every recommendation is in the entries


@dataclass
class AnnualReport:
    scope: object
    areas: list  # AreaFigures
    late: list  # (body, activities it leads and has not reported on), once the deadline has passed
    deadline_passed: bool
    entries: list  # reported ActivityReports in matrix order, prefetched

    @classmethod
    def for_scope(cls, scope, cycles, counts):
        """`counts`: the selectors' Counts of the scope's body over all `cycles` (the late bodies need them all)."""
        areas = figures_by_area(scope, counts)
        body_rows = bodies_by_area(scope, cycles, counts)
        late_cycles, _ = late_bodies(body_rows, cycles)
        return cls(
            scope=scope,
            areas=areas,
            late=late_in(scope.cycle, body_rows, late_cycles),
            deadline_passed=scope.cycle in late_cycles,
            entries=list(reported_entries(scope)),
        )

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

    def key_recommendations(self):
        """Per priority area, the first recommendations of accepted reports, in the order of the matrix."""
        by_area = {}
        for report in self.entries:
            if report.state == ActivityReport.State.ACCEPTED and report.recommendations.strip():
                area = report.activity.focus_area.action_line.priority_area
                quoted = by_area.setdefault(area, [])
                if len(quoted) < KEY_RECOMMENDATIONS_PER_AREA:
                    quoted.append(report)
        return list(by_area.items())


def reported_entries(scope):
    """The reports of the cycle that bodies have submitted or the MTF accepted, in the matrix's order."""
    return (
        scope.reports()
        .filter(state__in=REPORTED_STATES)
        .select_related("implementing_body", "activity__plan", "activity__focus_area__action_line__priority_area")
        .prefetch_related(
            "activity__focus_area__action_line__relevant_bodies",
            "participating_member_states",
            Prefetch("achievements", queryset=OutputAchievement.objects.select_related("output")),
        )
        .order_by(
            "activity__focus_area__action_line__priority_area__number",
            "activity__focus_area__action_line__position",
            "activity__focus_area__position",
            "activity__position",
            "implementing_body__position",
        )
    )


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
    "Achievement of the performance indicators", "Assessment", "Recommendations", "Report state",
]


def entries_dataset(report):
    dataset = tablib.Dataset(headers=ENTRY_COLUMNS, title="Activities reported")
    for entry in report.entries:
        activity = entry.activity
        line = activity.focus_area.action_line
        row = [
            activity.code, entry.implementing_body.abbreviation,
            f"{line.priority_area.number}. {line.priority_area.title}", f"{line.number}. {line.matrix_text}",
            ", ".join(body.abbreviation for body in line.relevant_bodies.all()), activity.focus_area.text, activity.text,
            _dates(entry), entry.get_implementation_status_display(),
            ", ".join(state.name for state in entry.participating_member_states.all()),
            "\n".join(_achievement_text(a) for a in entry.achievements.all()),
            entry.assessment, entry.recommendations, entry.get_state_display(),
        ]
        dataset.append([neutralise(value) for value in row])
    return dataset


def summary_dataset(report):
    headers = ["Priority area", "Activities", *[label for _, label, _ in Coverage.zero().segments()],
               *[label for _, label, _ in StatusCounts.zero().segments()]]
    dataset = tablib.Dataset(headers=headers, title="Summary")
    for area in [*report.areas, None]:
        name = f"{area.priority_area.number}. {area.priority_area.title}" if area else "Whole Work Plan"
        coverage, status = (area.coverage, area.status) if area else (report.coverage, report.status)
        dataset.append([name, coverage.activities, *[n for *_, n in coverage.segments()], *[n for *_, n in status.segments()]])
    dataset.append([""] * len(headers))
    late = "; ".join(f"{body.abbreviation} ({missing})" for body, missing in report.late)
    dataset.append(["Late bodies (activities led, not reported)", late or "none"] + [""] * (len(headers) - 2))
    return dataset


def xlsx_response(report):
    book = tablib.Databook([summary_dataset(report), entries_dataset(report)])
    response = HttpResponse(
        book.export("xlsx"), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bali-work-plan-annual-report-{report.cycle.year}.xlsx"'
    return response
