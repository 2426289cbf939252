"""The registry's shape, and the rules every kind gets from the engine: a kind frozen by the AMMTC's
endorsement (as the review is) and the reporting line's register."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from official import kinds, services
from official.models import Version

pytestmark = pytest.mark.django_db

FIGURES = {"status_rose": 316}


def _secretariat(user, plan):
    return "ASEAN Secretariat" in kinds.groups_of(user)


@pytest.fixture
def review_kind():
    kind = kinds.register(kinds.DocumentKind(
        slug="test-review", title=lambda plan, year: f"Review to {year}", sections=(("overview", "Overview", ""),),
        applies_to=lambda plan: True, compile=lambda document: dict(FIGURES),
        render_html=lambda snapshot, *, reader: f"<p>Status rose: {snapshot['compiled']['status_rose']}</p>",
        render_docx=lambda snapshot, *, reader: b"docx", writers=_secretariat, signers=_secretariat,
        signatures_needed=1, may_read_full=lambda user, plan: user.is_authenticated,
        freezes_on=kinds.ENDORSEMENT, render_pdf=lambda snapshot, *, reader: b"%PDF-test"))
    yield kind
    kinds._kinds.pop("test-review")


def test_the_registry_finds_kinds_by_slug_and_plan(plan, review_kind):
    assert kinds.get("test-review") is review_kind
    assert [kind.slug for kind in kinds.for_plan(plan)][:1] == ["annual-report"]
    assert review_kind in kinds.for_plan(plan)
    with pytest.raises(LookupError):
        kinds.get("no-such-kind")
    with pytest.raises(ValueError):
        kinds.register(dataclasses.replace(review_kind, slug="bad", freezes_on="never"))


def test_a_review_is_submitted_then_endorsed_and_never_changes_after(plan, people, review_kind, django_capture_on_commit_callbacks):
    secretariat = people["secretariat"]
    document = services.document_for(review_kind, plan, 2024)
    number, digest = services.open_for_signing(document)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.sign(document, secretariat, read_digest=digest, read_number=number)
    assert version.state == "signed"
    version.refresh_from_db()
    assert version.pdf.read() == b"%PDF-test"
    with pytest.raises(ValidationError, match="whose ministerial meeting"):
        services.record_dispatch(version, secretariat, sent_to="ministerial", sent_on=datetime.date(2025, 5, 1))
    with pytest.raises(PermissionDenied):
        services.record_dispatch(version, people["cochair"], sent_to="somtc", sent_on=datetime.date(2025, 5, 1))
    services.record_dispatch(version, secretariat, sent_to="somtc", sent_on=datetime.date(2025, 5, 1), outcome="noted")
    version.refresh_from_db()
    assert version.state == "submitted"
    services.record_dispatch(version, people["wg_chair"], sent_to="ammtc", sent_on=datetime.date(2025, 9, 1),
                             outcome="endorsed")
    version.refresh_from_db()
    assert version.state == "endorsed"

    FIGURES["status_rose"] = 311  # a national report changed after the endorsement
    try:
        version.refresh_from_db()
        assert version.snapshot["compiled"] == {"status_rose": 316}
        assert "316" in review_kind.render_html(version.snapshot, reader=None)
        with pytest.raises(ValidationError, match="endorsed"):
            services.save_text(services.document_for(review_kind, plan, 2024), secretariat, {"overview": "x"})
        number, digest = services.open_for_signing(services.document_for(review_kind, plan, 2024))
        with pytest.raises(services.SigningRefused, match="endorsed"):
            services.sign(services.document_for(review_kind, plan, 2024), secretariat, read_digest=digest,
                          read_number=number, reason="Figures moved.")
    finally:
        FIGURES["status_rose"] = 316
    assert list(Version.objects.values_list("number", "state")) == [(1, "endorsed")]


def test_a_figure_that_changed_since_opening_is_shown_old_and_new(plan, people, review_kind):
    document = services.document_for(review_kind, plan, 2024)
    number, digest = services.open_for_signing(document)
    FIGURES["status_rose"] = 311
    try:
        with pytest.raises(services.ContentChanged) as refused:
            services.sign(document, people["secretariat"], read_digest=digest, read_number=number)
    finally:
        FIGURES["status_rose"] = 316
    assert refused.value.changes == [("compiled › status_rose", "316", "311")]
