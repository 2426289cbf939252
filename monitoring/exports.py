"""The activity reports as a spreadsheet: one row per expected output of each report, with its achievement."""

import tablib
from django.http import HttpResponse
from django.utils import timezone

from workplan.downloads import CONTENT_TYPES
from workplan.spreadsheets import export, neutralise

COLUMNS = [
    "Cycle", "Activity code", "PoA priority area", "Action line", "Focus area", "Indicative activity",
    "Implementing body", "Report state", "Status of implementation", "Organised from", "Organised until",
    "Participating Member States", "Modality", "Venue", "Partners", "Dialogue-partner support",
    "Assessment", "Recommendations", "Challenges", "Submitted at",
    "Expected output", "Achievement", "Evidence", "Figure",
]


def reports_dataset(reports):
    reports = reports.select_related(
        "cycle", "implementing_body", "activity__focus_area__action_line__priority_area"
    ).prefetch_related("achievements__output", "participations__memberstate", "supporting_partners")
    dataset = tablib.Dataset(headers=COLUMNS, title="Activity reports")
    for report in reports:
        activity = report.activity
        line = activity.focus_area.action_line
        common = [
            report.cycle.year, activity.code, str(line.priority_area),
            f"{line.number}. {line.matrix_text}", activity.focus_area.text, activity.text,
            report.implementing_body.abbreviation, report.get_state_display(), report.get_implementation_status_display(),
            report.start_date.isoformat() if report.start_date else "",
            report.end_date.isoformat() if report.end_date else "",
            ", ".join(f"{row.memberstate.name} ({row.get_role_display().lower()})" for row in report.participations.all()),
            report.get_modality_display(), report.venue, report.partners_text(), report.dialogue_partner_support,
            report.assessment, report.recommendations, report.challenges,
            timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M") if report.submitted_at else "",
        ]
        achievements = sorted(report.achievements.all(), key=lambda a: a.output.position) or [None]
        for achievement in achievements:
            tail = ["", "", "", ""]
            if achievement is not None:
                tail = [
                    achievement.output.text, achievement.get_level_display(), achievement.evidence,
                    "" if achievement.figure is None else str(achievement.figure),
                ]
            dataset.append([neutralise(value) for value in common + tail])
    return dataset


def reports_download(reports, extension, name="activity-reports"):
    response = HttpResponse(export(reports_dataset(reports), extension), content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}{extension}"'
    return response
