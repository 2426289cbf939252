"""The chair's summary report to SOMTC as documents: the print page drawn as a PDF, and the same sections
as a Word file the Secretariat can edit before it goes to SOMTC."""

import io

from django.template.loader import render_to_string

from builds.pdf import pdf_of


def render_pdf(summary):
    context = {"summary": summary, "plan": summary.plan, "cycle": summary.cycle}
    return pdf_of(render_to_string("national/summary_pdf.html", context))


def render_docx(summary):
    import docx
    from docx.shared import Pt

    plan, cycle = summary.plan, summary.cycle
    title = f"Summary report {cycle.year} on the implementation of the {plan.short_name}"
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = title
    document.add_paragraph(plan.title)
    document.add_heading(title, 0)
    document.add_paragraph(
        "Annual summary report of the Chair of the SOMTC Working Group on Counter Terrorism to SOMTC, compiled from "
        f"the national reports of the ASEAN Member States. Reporting cycle {cycle.year}, deadline {cycle.deadline:%d %B %Y}."
    )

    document.add_heading("Summary", 1)
    document.add_paragraph(summary.who_reported)
    statuses = summary.statuses
    table = document.add_table(rows=1, cols=1 + len(statuses))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, [plan.area_label.capitalize(), *(label for _, label, _ in statuses)]):
        cell.text = str(heading)
    for name, counts in [*((str(line.area), line.statuses) for line in summary.figures),
                         (f"All {plan.area_label_plural}", statuses)]:
        for cell, value in zip(table.add_row().cells, [name, *(count for _, _, count in counts)]):
            cell.text = str(value)
    document.add_paragraph(f"Each figure counts {plan.provision_label_plural} × reporting Member States.")

    document.add_heading("Good practices", 1)
    for provision, entry in summary.good_practices:
        document.add_paragraph(f"{entry.report.member_state.name}, {plan.provision_label} {provision.number}: "
                               f"“{entry.good_practice}”", style="List Bullet")
    if not summary.good_practices:
        document.add_paragraph("No Member State shared a good practice in its report.")

    document.add_heading("Assistance needed", 1)
    document.add_paragraph(f"The requests for assistance and capacity building, by kind and {plan.provision_label}, "
                           "so that the MTF and the Dialogue Partners can match support to needs.")
    for theme in summary.assistance:
        document.add_heading(f"{theme.label} ({theme.count} request{'' if theme.count == 1 else 's'})", 2)
        for provision, entries in theme.provisions:
            document.add_paragraph(f"{provision.number} {provision.text}", style="List Bullet")
            for entry in entries:
                document.add_paragraph(f"{entry.report.member_state.name}: “{entry.assistance_needed}”", style="List Bullet 2")
    if not summary.assistance:
        document.add_paragraph("No Member State asked for assistance in its report.")

    for area in summary.areas:
        document.add_heading(str(area.area), 1)
        for provision in area.provisions:
            document.add_heading(f"{provision.provision.number} {provision.provision.text}", 2)
            reported = ", ".join(f"{entry.report.member_state.name} ({entry.get_status_display().lower()})"
                                 for entry in provision.entries)
            document.add_paragraph(f"Reported by {reported}." if reported else "No Member State reported.")
            for entry in provision.quoted:
                paragraph = document.add_paragraph(style="Quote")
                paragraph.add_run(entry.report.member_state.name).bold = True
                for label, text in _quoted_answers(entry):
                    paragraph.add_run(f" — {label}: “{text}”")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _quoted_answers(entry):
    answers = [("measures", entry.national_measures), ("laws and policies", entry.laws_and_policies),
               ("challenges", entry.challenges), ("needs", entry.assistance_needed)]
    return [(label, text) for label, text in answers if text]
