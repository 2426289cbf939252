"""Documents are served as the type their bytes show, never the browser's claim, and never cached."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring import services
from monitoring.models import ReportDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_upload_claiming_html_is_stored_and_served_as_the_pdf_it_is(client, world, draft):
    document = services.add_document(report=draft, user=world.staff, uploaded=SimpleUploadedFile("minutes.pdf", PDF, "text/html"))
    assert document.content_type == "application/pdf"
    client.force_login(world.staff)
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_stored_browser_claim_is_not_what_the_download_says(client, world, draft):
    """A document saved before types were detected, with whatever the browser said."""
    document = ReportDocument(report=draft, original_name="photo.png", content_type="text/html", size=12, uploaded_by=world.staff)
    document.file.save("photo.png", ContentFile(b"<script>x</script>"), save=False)
    document.save()
    client.force_login(world.staff)
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/octet-stream"  # not a PNG inside: no type to trust
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name", ["report", "edit_report", "document"])
def test_report_pages_forms_and_documents_are_not_stored_by_caches(client, world, draft, name):
    document = services.add_document(report=draft, user=world.staff, uploaded=SimpleUploadedFile("m.pdf", PDF))
    client.force_login(world.staff)
    response = client.get(reverse(f"monitoring:{name}", args=[document.pk if name == "document" else draft.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["reports", "review"])
def test_report_lists_are_not_stored_by_caches(client, world, name):
    client.force_login(world.admin)
    response = client.get(reverse(f"monitoring:{name}", args=["bali-work-plan"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
