"""The summary, the review and the final report signed, frozen and read through the official documents'
engine: a national report changed afterwards alters no version, on its page or in its files."""

import datetime

import pytest
from django.urls import reverse

from national.models import NationalReport, ProvisionEntry
from official import kinds, services
from official.models import Dispatch, Version
from tests.annualreports.test_kinds_summary import summary_cycle  # noqa: F401 (a reported cycle)
from tests.documents import docx_text, pdf_text
from tests.national.conftest import focal_point, nat  # noqa: F401 (the national world)
from tests.national.test_review import history  # noqa: F401 (reports of 2019–2024 and two reviews)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _sign(kind, plan, year, user, text):
    document = services.document_for(kind, plan, year)
    services.save_text(document, user, text)
    document = services.document_for(kind, plan, year)
    number, digest = services.open_for_signing(document)
    return services.sign(document, user, read_digest=digest, read_number=number)


def _page(client, version):
    body = client.get(version.get_absolute_url()).content.decode()
    return body[body.index("<article"):body.index("</article>")]


def test_the_three_kinds_are_registered_for_the_plans_they_apply_to(nat):
    assert {"summary", "review"} <= {kind.slug for kind in kinds.for_plan(nat.plan)}
    assert kinds.get("final-report").applies_to(nat.plan) is False


def test_a_signed_summary_is_frozen_and_a_focal_point_reads_their_share(client, nat, summary_cycle):
    plan, kind = summary_cycle.plan, kinds.get("summary")
    version = _sign(kind, plan, 2024, nat.chair, {"overview": "Overview by the chair."})
    version = Version.objects.get(pk=version.pk)
    assert version.is_final and version.snapshot["signatories"][0]["role"] == "Chair of the SOMTC WG on CT"
    client.force_login(nat.chair)
    page = _page(client, version)
    files = [pdf_text(services.version_file(version, "pdf")[1]), docx_text(services.version_file(version, "docx")[1])]
    assert "Overview by the chair." in page and all("Measure of Member State A on" in text for text in files)
    ProvisionEntry.objects.filter(report__cycle=summary_cycle).update(national_measures="Rewritten later")
    assert _page(client, version) == page
    assert "Rewritten later" not in pdf_text(kind.pdf(version.snapshot)) + docx_text(kind.render_docx(version.snapshot))
    # A focal point of Member State A reads the signed version with A's answers only.
    state = NationalReport.objects.get(cycle=summary_cycle, member_state__name="Member State A").member_state
    client.force_login(focal_point(state, "Police HQ", username="a-reader"))
    narrowed = _page(client, version)
    assert "Measure of Member State A on" in narrowed and "Measure of Member State B on" not in narrowed


def test_a_review_submitted_then_endorsed_is_immutable(client, nat, history):
    _, second = history
    kind = kinds.get("review")
    version = _sign(kind, nat.plan, 2024, nat.secretariat, {"findings": "Steady.", "recommendations": "Go on."})
    services.record_dispatch(version, nat.secretariat, sent_to=Dispatch.SentTo.SOMTC, sent_on=datetime.date(2025, 3, 1),
                             outcome=Dispatch.Outcome.NOTED)
    services.record_dispatch(version, nat.secretariat, sent_to=Dispatch.SentTo.AMMTC, sent_on=datetime.date(2025, 9, 1),
                             outcome=Dispatch.Outcome.ENDORSED)
    version = Version.objects.get(pk=version.pk)
    assert version.state == Version.State.ENDORSED
    client.force_login(nat.chair)
    page = _page(client, version)
    assert "Status rose: 2" in page
    ProvisionEntry.objects.filter(report__member_state=nat.indonesia, report__cycle__year=2024).update(status="not_started")
    assert _page(client, version) == page
    assert "Status rose: 2" in pdf_text(services.version_file(version, "pdf")[1])
    client.force_login(nat.focal)
    assert client.get(version.get_absolute_url()).status_code in (403, 404)
    assert client.get(reverse("official:document", args=[nat.plan.slug, "review", 2030])).status_code in (403, 404)
