"""What the official documents' kinds (summary, review, final report) share to draw their snapshot:
the plan as plain values, dates as the site writes them, the authors' sections, and a Word file with
a contents list."""

import datetime
import io

from django.utils import dateformat


def plan_dict(plan):
    return {"title": plan.title, "short_name": plan.short_name, "slug": plan.slug,
            "area_label": str(plan.area_label), "area_label_plural": str(plan.area_label_plural),
            "provision_label": str(plan.provision_label), "provision_label_plural": str(plan.provision_label_plural)}


def day(value):
    """An ISO date or date-time from a snapshot, as the site writes a day: "7 December 2026"."""
    if not value:
        return ""
    parsed = datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
    return dateformat.format(parsed, "j F Y")


def sections(definitions, text):
    """[(name, label, text)] of the authors' sections, in the kind's order."""
    return [(name, label, text.get(name, "")) for name, label, _ in definitions]


class WordDocument:
    """A python-docx document with the few shapes the kinds draw, its contents list first."""

    def __init__(self, title, over_title):
        import docx
        from docx.shared import Pt

        self.document = docx.Document()
        self._styles = {}
        self.document.styles["Normal"].font.size = Pt(10)
        self.document.core_properties.title = title
        self.document.add_paragraph(over_title)
        self.document.add_heading(title, 0)

    def style(self, name):
        """The style object, looked up by name once: python-docx looks a name up among every style of
        the document each time it is given one, which made a long document's Word file take minutes."""
        if name not in self._styles:
            self._styles[name] = self.document.styles[name]
        return self._styles[name]

    def contents(self, entries):
        self.heading("Contents", 1)
        for _, label in entries:
            self.document.add_paragraph(label, style=self.style("List Number"))

    def heading(self, text, level):
        self.document.add_paragraph(text, style=self.style(f"Heading {level}"))

    def paragraph(self, text):
        self.document.add_paragraph(text)

    def bullet(self, text, level=1):
        self.document.add_paragraph(text, style=self.style("List Bullet" if level == 1 else "List Bullet 2"))

    def quote(self, who, text):
        paragraph = self.document.add_paragraph(style=self.style("Quote"))
        paragraph.add_run(who).bold = True
        paragraph.add_run(text)

    def text_section(self, label, text, level=1):
        self.heading(label, level)
        for paragraph in (text or "—").split("\n\n"):
            self.paragraph(paragraph.strip() or "—")

    def table(self, headings, rows):
        table = self.document.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, headings):
            cell.text = str(heading)
        for row in rows:
            for cell, value in zip(table.add_row().cells, row):
                cell.text = "" if value is None else str(value)

    def bytes(self):
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()
