"""Signing an official document tied to what was read: the version and digest the form carried."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from builds.models import DocumentBuild
from official import kinds, services
from official.models import Document, Signature, Version

pytestmark = pytest.mark.django_db

ANNUAL = kinds.get("annual-report")


def document(plan):
    return services.document_for(ANNUAL, plan, 2024)


def opened(plan):
    doc = document(plan)
    number, digest = services.open_for_signing(doc)
    return doc, number, digest


def test_both_cochairs_sign_what_they_read_and_the_files_are_built(plan, people, django_capture_on_commit_callbacks):
    first, second = people["cochair"], people["cochair_2"]
    doc = services.save_text(document(plan), first, {"executive_summary": "The MTF met twice."})
    doc, number, digest = opened(plan)
    version = services.sign(doc, first, read_digest=digest, read_number=number)
    assert (version.number, version.state) == (1, "awaiting")
    assert version.snapshot["text"]["executive_summary"] == "The MTF met twice."
    assert services.status_line(version.snapshot, version.state, ANNUAL).startswith(
        "Signed by one co-chair, awaiting the other")
    with pytest.raises(services.SigningRefused, match="already"):
        services.sign(doc, first, read_digest=version.digest, read_number=1)
    with django_capture_on_commit_callbacks(execute=True):
        signed = services.sign(doc, second, read_digest=version.digest, read_number=1)
    assert signed.pk == version.pk and signed.state == "signed"
    assert [(s.name, s.role) for s in Signature.objects.filter(version=version)] == [
        ("Ana First", "MTF co-chair"), ("Budi Second", "MTF co-chair")]
    assert sorted(DocumentBuild.objects.values_list("kind", "state")) == [
        ("official-annual-report-docx", "done"), ("official-annual-report-pdf", "done")]
    signed.refresh_from_db()
    assert signed.pdf.name.endswith("-v1.pdf") and signed.docx.name.endswith("-v1.docx")
    assert AuditEvent.objects.filter(action="document_signed").count() == 2


def test_a_text_change_between_opening_and_signing_refuses_the_signature_with_the_difference(plan, people):
    first, second = people["cochair"], people["cochair_2"]
    services.save_text(document(plan), first, {"challenges": "Visas."})
    doc, number, digest = opened(plan)
    services.save_text(document(plan), second, {"challenges": "Visas and travel costs."})
    with pytest.raises(services.ContentChanged) as refused:
        services.sign(document(plan), first, read_digest=digest, read_number=number)
    assert ("text › challenges", "Visas.", "Visas and travel costs.") in refused.value.changes
    assert not Version.objects.exists()


def test_the_measured_defect_a_withdrawn_version_keeps_its_number_and_the_reader_of_it_is_refused(plan, people):
    """Co-chair 1 signs v1; co-chair 2 opens v1; co-chair 1 changes the text (v1 withdrawn) and signs
    again (v2). Co-chair 2's signature of what they read (v1) goes nowhere; v1 is kept as withdrawn."""
    first, second = people["cochair"], people["cochair_2"]
    doc, number, digest = opened(plan)
    v1 = services.sign(doc, first, read_digest=digest, read_number=number)
    read_by_second = (v1.number, v1.digest)
    services.save_text(document(plan), first, {"recommendations": "Fund the hub."})
    doc, number, digest = opened(plan)
    assert number == 2
    v2 = services.sign(doc, first, read_digest=digest, read_number=number)
    with pytest.raises(services.SigningRefused, match="version 2"):
        services.sign(document(plan), second, read_number=read_by_second[0], read_digest=read_by_second[1])
    v1.refresh_from_db()
    assert (v1.state, v2.number) == ("withdrawn", 2)
    assert "text changed" in v1.withdrawn_reason
    assert sorted(Version.objects.values_list("number", "state")) == [(1, "withdrawn"), (2, "awaiting")]
    assert not Signature.objects.filter(user=second).exists()
    # Once v2 is withdrawn too, what co-chair 2 read is shown against the document now.
    services.save_text(document(plan), first, {"recommendations": "Fund the hub twice."})
    with pytest.raises(services.ContentChanged) as refused:
        services.sign(document(plan), second, read_number=read_by_second[0], read_digest=read_by_second[1])
    assert ("text › recommendations", "", "Fund the hub twice.") in refused.value.changes


def test_a_first_signer_who_read_the_draft_is_refused_once_another_started_the_version(plan, people):
    first, second = people["cochair"], people["cochair_2"]
    doc, number, digest = opened(plan)
    services.sign(doc, first, read_digest=digest, read_number=number)
    with pytest.raises(services.SigningRefused, match="while you were reading"):
        services.sign(document(plan), second, read_digest=digest, read_number=number)


def test_a_new_version_needs_a_reason_and_only_signers_sign(plan, people):
    first, second = people["cochair"], people["cochair_2"]
    doc, number, digest = opened(plan)
    v1 = services.sign(doc, first, read_digest=digest, read_number=number)
    services.sign(document(plan), second, read_digest=v1.digest, read_number=1)
    doc, number, digest = opened(plan)
    with pytest.raises(services.SigningRefused, match="say why"):
        services.sign(doc, first, read_digest=digest, read_number=number)
    v2 = services.sign(doc, first, read_digest=digest, read_number=number, reason="A late report.")
    assert (v2.number, v2.reason) == (2, "A late report.")
    for role in ("secretariat", "administrator", "staff"):
        with pytest.raises(PermissionDenied):
            services.sign(document(plan), people[role], read_digest=v2.digest, read_number=2)
    with pytest.raises(PermissionDenied):
        services.save_text(document(plan), people["secretariat"], {"challenges": "x"})
    assert Document.objects.count() == 1
