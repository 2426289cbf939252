"""Reading the documents the tracker builds, as their readers would: the text of a PDF or a Word file."""

import io

import docx
from django.urls import reverse
from pypdf import PdfReader


def pdf_text(content):
    # Lines are joined with spaces: a sentence the PDF wraps is read whole.
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content):
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def download(client, build):
    """The bytes of a finished DocumentBuild, fetched as its reader would."""
    response = client.get(reverse("builds:download", args=[build.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)
