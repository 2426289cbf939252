"""The annual report as a document: its text and figures as one JSON-ready dict (the snapshot a signed
version keeps), and that dict drawn as HTML, PDF (WeasyPrint) and Word (python-docx).

Every rendering starts from the snapshot, never from the reports: a signed version's PDF drawn today is
the one drawn the day it was signed, and the draft's files show what a signature would freeze.
"""

import datetime
import io

from django.template.loader import render_to_string
from django.utils import formats, timezone

from builds.pdf import pdf_of
from workplan.wording import counted

from . import annual_report as annual


def _entry(entry):
    activity = entry.activity
    line = activity.focus_area.action_line
    kept = entry.reported_wording  # the words the report was made against, should the activity be amended since
    return {
        "code": kept["code"],
        "activity": kept["text"],
        "body": entry.implementing_body.abbreviation,
        "body_name": entry.implementing_body.name,
        "area": str(line.priority_area),
        "action_line": line.number,
        "relevant_bodies": [body.abbreviation for body in line.relevant_bodies.all()],
        "focus_area": activity.focus_area.text,
        "dates": _entry_dates(entry),
        "status": entry.get_implementation_status_display(),
        "accepted": entry.state == entry.State.ACCEPTED,
        "member_states": [state.name for state in entry.participating_member_states.all()],
        "achievements": [annual._achievement_text(achievement) for achievement in entry.achievements.all()],
        "assessment": entry.assessment,
        "recommendations": entry.recommendations,
        "challenges": entry.challenges,
        "partners": entry.partners_text(),
        "dialogue_partner_support": entry.dialogue_partner_support,
        "documents": [document.original_name for document in entry.documents.all()],
    }


def _entry_dates(report):
    """The days a report's activity was held, as the site says days ("3 March 2024 to 5 March 2024")."""
    days = [day for day in (report.start_date, report.end_date) if day]
    if len(days) == 2 and days[0] != days[1]:
        return f"{formats.date_format(days[0], 'j F Y')} to {formats.date_format(days[1], 'j F Y')}"
    return formats.date_format(days[0], "j F Y") if days else ""


def _rates(rates):
    return {"expected": rates.expected, "received": rates.received, "on_time": rates.on_time}


def snapshot(report, text=None, *, now=None):
    """Everything the document says, as plain JSON values: `report` an AnnualReport, `text` the
    co-chairs' AnnualReportText (or None). Built in a few queries whatever the size of the cycle."""
    now = now or timezone.now()
    cycle, scope = report.cycle, report.scope
    bodies, total = report.rates
    return {
        "plan": {"title": cycle.plan.title, "short_name": cycle.plan.short_name, "slug": cycle.plan.slug},
        "cycle": {"year": cycle.year, "deadline": cycle.deadline.isoformat()},
        "scope": {"priority_area": str(scope.priority_area) if scope.priority_area else None,
                  "body": scope.body.abbreviation if scope.body else None},
        "text": text.as_dict() if text else {"executive_summary": "", "challenges": "", "recommendations": ""},
        "summary": report.summary,
        "areas": [
            {"name": str(area.priority_area), "activities": area.coverage.activities,
             "accepted": area.coverage.accepted, "submitted": area.coverage.submitted,
             "returned_or_draft": area.coverage.returned + area.coverage.draft, "none": area.coverage.none,
             "completed": area.status.completed, "achieved": area.achievements.achieved,
             "outputs": area.achievements.outputs}
            for area in report.areas
        ],
        "rates": {"bodies": [{"body": row.body["abbreviation"], **_rates(row)} for row in bodies], "total": _rates(total)},
        "late": {"deadline_passed": report.deadline_passed,
                 "bodies": [{"body": body.abbreviation, "missing": missing} for body, missing in report.late]},
        "key_recommendations": [
            {"area": str(area), "items": [
                {"code": entry.activity.code, "body": entry.implementing_body.abbreviation, "text": entry.recommendations}
                for entry in entries]}
            for area, entries in report.key_recommendations()
        ],
        "open_recommendations": [
            {"code": entry.activity.code, "body": entry.implementing_body.abbreviation, "cycle": entry.cycle.year,
             "text": entry.recommendations, "age_days": entry.age_in_days(now)}
            for entry in report.open_recommendations.iterator(chunk_size=2000)
        ],
        "entries": [_entry(entry) for entry in report.entries.iterator(chunk_size=2000)],
        "drawn_at": now.isoformat(),
    }


def percent(part, whole):
    return annual._percent(part, whole)


def _context(doc, version, *, pdf=False):
    rates = doc["rates"]
    rows = [{**row, "received_rate": percent(row["received"], row["expected"]),
             "on_time_rate": percent(row["on_time"], row["expected"])} for row in [*rates["bodies"]]]
    total = {**rates["total"], "received_rate": percent(rates["total"]["received"], rates["total"]["expected"]),
             "on_time_rate": percent(rates["total"]["on_time"], rates["total"]["expected"])}
    return {"doc": doc, "version": version, "rate_rows": rows, "rate_total": total,
            "entries": [{**entry, "facts": _entry_facts(entry)} for entry in doc["entries"]],
            "subtitle": _subtitle(doc), "signature_line": doc.get("signature_line") or _signature_line(version), "late_text": _late_text(doc),
            "entries_count": counted(len(doc["entries"]), "activity report", "activity reports"),
            "open_count": counted(len(doc["open_recommendations"]), "report", "reports"), "pdf": pdf}


def render_html(doc, version=None, *, standalone=False):
    """The document as HTML: the body of a page, or (`standalone`) a whole page for WeasyPrint.

    The whole page draws the same words with fewer boxes, which is where WeasyPrint spends its time
    (bench/documents.py): the open recommendations as a list rather than a table of hundreds of rows
    (whose column widths it measures cell by cell), and each activity's facts as one paragraph each
    rather than a term and a definition."""
    template = "annualreports/document_pdf.html" if standalone else "annualreports/includes/_document.html"
    return render_to_string(template, _context(doc, version, pdf=standalone))


def render_pdf(doc, version=None):
    return pdf_of(render_html(doc, version, standalone=True))


def render_docx(doc, version=None):
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    context = _context(doc, version)
    cycle = doc["cycle"]
    document.core_properties.title = f"Status and implementation report {cycle['year']}"
    document.add_paragraph(f"{doc['plan']['title']} · {doc['plan']['short_name']}")
    document.add_heading(f"Status and implementation report {cycle['year']}", 0)
    document.add_paragraph(_subtitle(doc))
    document.add_paragraph(doc.get("signature_line") or _signature_line(version))

    def text_section(title, text, level=1):
        document.add_heading(title, level)
        for paragraph in (text or "—").split("\n\n"):
            document.add_paragraph(paragraph.strip() or "—")

    text_section("Executive summary", doc["text"]["executive_summary"])
    document.add_heading("Summary of the reports", 1)
    document.add_paragraph(doc["summary"])
    table = document.add_table(rows=1, cols=8)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ["Priority area", "Activities", "Accepted", "Submitted",
                                                   "Returned / draft", "No report", "Completed", "Outputs achieved"]):
        cell.text = title
    for area in doc["areas"]:
        cells = table.add_row().cells
        for cell, value in zip(cells, [area["name"], area["activities"], area["accepted"], area["submitted"],
                                       area["returned_or_draft"], area["none"], area["completed"],
                                       f"{area['achieved']} / {area['outputs']}"]):
            cell.text = str(value)
    document.add_heading("Reporting rates", 2)
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ["Body", "Expected", "Received", "Rate", "On time", "Rate"]):
        cell.text = title
    for row in [*context["rate_rows"], {**context["rate_total"], "body": "All bodies"}]:
        for cell, value in zip(table.add_row().cells, [row["body"], row["expected"], row["received"],
                                                       row["received_rate"], row["on_time"], row["on_time_rate"]]):
            cell.text = str(value)
    document.add_heading("Late bodies", 2)
    document.add_paragraph(_late_text(doc))
    text_section("Challenges", doc["text"]["challenges"])
    text_section("Recommendations to SOMTC and the AMMTC", doc["text"]["recommendations"])
    document.add_heading("Key recommendations of the reports", 2)
    for area in doc["key_recommendations"]:
        document.add_heading(area["area"], 3)
        for item in area["items"]:
            document.add_paragraph(f"{item['code']} ({item['body']}): {item['text']}", style="List Bullet")
    document.add_heading("Recommendations still open", 1)
    document.add_paragraph(f"{context['open_count']} with recommendations no later report has followed up as done or dropped.")
    for item in doc["open_recommendations"]:
        days = counted(item["age_days"], "day", "days")
        document.add_paragraph(f"{item['code']} · {item['body']} · {item['cycle']} ({days}): {item['text']}", style="List Bullet")
    document.add_heading("Activities reported", 1)
    document.add_paragraph(context["entries_count"] + ".")
    for entry in doc["entries"]:
        document.add_heading(f"{entry['code']} {entry['activity']}", 2)
        for label, value in _entry_facts(entry):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _subtitle(doc):
    scope = doc["scope"]
    narrowed = "".join(f" — {part} only" for part in (scope["priority_area"], scope["body"]) if part)
    return (f"Annual monitoring and evaluation report of the Multi-Sectoral Task Force, for SOMTC and the AMMTC{narrowed}. "
            f"Reporting cycle {doc['cycle']['year']}, deadline {_day(doc['cycle']['deadline'])}.")


def _day(iso):
    """A day as the site says it ("31 March 2026"), from the ISO date a snapshot keeps."""
    return formats.date_format(datetime.date.fromisoformat(iso), "j F Y")


def _signature_line(version):
    if version is None or not version.is_signed:
        return "Draft: not signed off by the MTF co-chairs."
    names = " and ".join(f"{user.get_full_name() or user.get_username()} on {at:%d %B %Y}" for user, at in version.signatures())
    return f"Version {version.number}, signed off by the MTF co-chairs {names}."


def _late_text(doc):
    late = doc["late"]
    if not late["deadline_passed"]:
        return "The deadline has not passed yet."
    if not late["bodies"]:
        return "None: every expected report was received."
    return "; ".join(f"{row['body']} ({counted(row['missing'], 'expected report', 'expected reports')} not received)"
                     for row in late["bodies"]) + "."


def _entry_facts(entry):
    return [
        ("Implementing body", f"{entry['body']} — {entry['body_name']}"),
        ("PoA priority area", f"{entry['area']}; action line {entry['action_line']}"),
        ("Relevant bodies", ", ".join(entry["relevant_bodies"]) or "—"),
        ("Focus area", entry["focus_area"] or "—"),
        ("Date(s)", f"{entry['dates'] or '—'}; {entry['status'].lower()}" + ("" if entry["accepted"] else " (report not yet accepted)")),
        ("Participating Member States", ", ".join(entry["member_states"]) or "—"),
        ("Achievement of the performance indicators", "; ".join(entry["achievements"]) or "No expected output in the matrix."),
        ("Assessment", entry["assessment"] or "—"),
        ("Recommendations", entry["recommendations"] or "—"),
        ("Challenges", entry["challenges"] or "—"),
        ("Partners", entry["partners"] or "—"),
        ("Dialogue Partner support", entry["dialogue_partner_support"] or "—"),
        ("Documents", "; ".join(entry["documents"]) or "—"),
    ]
