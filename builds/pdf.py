"""Drawing a document's HTML as a PDF, for every app that builds one."""

from django.contrib.staticfiles import finders

PDF_STYLESHEET = "css/annual-report-document.css"


def pdf_of(html):
    """A whole HTML page drawn as an A4 PDF with the documents' stylesheet."""
    from weasyprint import CSS, HTML  # needs Pango: imported only where a PDF is drawn

    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(PDF_STYLESHEET))])
