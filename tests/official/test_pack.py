"""The ministers' pack: its parts in order, drawn from the signed versions only, one PDF with a contents
list; its pages by role."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from builds.models import DocumentBuild
from official import kinds, pack, services
from tests.factories import PlanOfActionFactory, ReportingCycleFactory

from .conftest import ROLES

ANNUAL = kinds.get("annual-report")


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def sign_annual_report(plan, people, text):
    document = services.save_text(services.document_for(ANNUAL, plan, 2024), people["cochair"],
                                  {"executive_summary": text})
    version = None
    for signer in (people["cochair"], people["cochair_2"]):
        document = services.document_for(ANNUAL, plan, 2024)
        number, digest = (version.number, version.digest) if version else services.open_for_signing(document)
        version = services.sign(document, signer, read_digest=digest, read_number=number)
    assert version.state == "signed"
    return version


def test_the_assembler_lists_every_part_in_order_and_draws_only_the_signed_ones():
    parts = [pack.Part("Annual report 2024", "Version 2, signed off by A and B.", "<p>Body of the annual report</p>", "part-1", True),
             pack.Part("Summary report 2024 on the PoA PCRVE"),
             pack.Part("Summary report 2024 on the ACPoA on CT", "Version 1, signed off by C.", "<p>Body of the summary</p>", "part-3", True)]
    html = pack.assemble(2024, parts)
    contents = html[html.index("<nav"):html.index("</nav>")]
    assert contents.index("Annual report 2024") < contents.index("PoA PCRVE") < contents.index("ACPoA on CT")
    assert 'href="#part-1"' in contents and 'href="#part-3"' in contents
    assert "Summary report 2024 on the PoA PCRVE: not yet signed" in contents
    body = html[html.index("</nav>"):]
    assert body.index('id="part-1"') < body.index("Body of the annual report") < body.index('id="part-3"') < body.index("Body of the summary")
    assert "PoA PCRVE" not in body  # the unsigned part is named in the contents only
    assert "2 of 3 signed" in html


def test_the_pack_is_one_pdf_whose_contents_give_each_part_its_page():
    parts = [pack.Part("First part heading", "Version 1.", "<p>" + "Long text. " * 900 + "</p>", "part-1", True),
             pack.Part("Second part heading", "Version 3.", "<p>Short.</p>", "part-2", True)]
    text = pdf_text(pack.render_pdf(pack.assemble(2025, parts)))
    assert "Ministers' pack 2025" in text and "First part heading" in text and "Second part heading" in text
    # Each part starts on a new page after the cover: the first on page 2, the long one runs on, the second after it.
    assert "page 2" in text
    second_page = int(text.split("Second part heading")[1].split("page ", 1)[1].split()[0])
    assert second_page > 2


def test_the_parts_come_from_the_signed_snapshot_never_from_the_live_text(plan, people):
    ReportingCycleFactory(plan=PlanOfActionFactory(short_name="PoA PCRVE", slug="poa-pcrve"), year=2024)
    version = sign_annual_report(plan, people, "What the co-chairs signed.")
    services.save_text(services.document_for(ANNUAL, plan, 2024), people["cochair"],
                       {"executive_summary": "Written after the signature."})
    parts = pack.parts_for(2024)
    assert [(part.heading, part.signed) for part in parts] == [
        ("Bali Work Plan status and implementation report 2024", True),
        ("Summary report 2024 on the implementation of the PoA PCRVE", False)]
    annual, summary = parts
    assert "What the co-chairs signed." in annual.html and "Written after the signature." not in annual.html
    assert annual.status.startswith(f"Version {version.number}, signed off by Ana First on")
    assert (summary.status, summary.html) == (pack.NOT_YET_SIGNED, "")
    name, content = pack.build(DocumentBuild(kind=pack.BUILD_KIND, plan=plan, params={"cycle": 2024}))
    text = pdf_text(content)
    assert name == "ministers-pack-2024.pdf"
    assert "Bali Work Plan status and implementation report 2024" in text and "What the co-chairs signed." in text
    assert "Summary report 2024 on the implementation of the PoA PCRVE: not yet signed" in text


def test_a_year_with_no_signature_lists_its_parts_as_not_yet_signed(plan):
    assert [(part.heading, part.status) for part in pack.parts_for(2024)] == [
        ("Bali Work Plan status and implementation report 2024", "not yet signed")]
    assert pack.parts_for(1999) == []


READS_PACK = {"cochair", "wg_chair", "secretariat", "administrator"}


@pytest.mark.parametrize("role", ROLES)
def test_the_pack_pages_by_role(client, plan, people, role):
    if people[role]:
        client.force_login(people[role])
    pages = [client.get(reverse("official:ministers_packs")), client.get(reverse("official:ministers_pack", args=[2024]))]
    build = client.post(reverse("official:build_ministers_pack", args=[2024]))
    if role == "anonymous":
        assert all(response.status_code == 302 and "/login/" in response["Location"] for response in [*pages, build])
    elif role in READS_PACK:
        assert [response.status_code for response in pages] == [200, 200]
        assert "Bali Work Plan status and implementation report 2024" in pages[1].content.decode()
        queued = DocumentBuild.objects.get(kind=pack.BUILD_KIND)
        assert (build.status_code, build["Location"], queued.params) == (302, queued.get_absolute_url(), {"cycle": 2024})
        assert client.get(reverse("builds:build", args=[queued.pk])).status_code == 200
    else:
        assert [response.status_code for response in [*pages, build]] == [403, 403, 403]
        assert not DocumentBuild.objects.exists()
    assert all(response["Cache-Control"].count("no-store") for response in pages)


def test_a_year_no_plan_reports_is_not_found_and_a_get_builds_nothing(client, plan, people):
    client.force_login(people["secretariat"])
    assert client.get(reverse("official:ministers_pack", args=[1999])).status_code == 404
    assert client.post(reverse("official:build_ministers_pack", args=[1999])).status_code == 404
    assert client.get(reverse("official:build_ministers_pack", args=[2024])).status_code == 405


@pytest.mark.parametrize("plans_of_action", [1, 3])
def test_the_pack_page_runs_the_same_queries_whatever_the_number_of_parts(client, plan, people, plans_of_action,
                                                                          django_assert_num_queries):
    for number in range(plans_of_action):
        ReportingCycleFactory(plan=PlanOfActionFactory(slug=f"plan-{number}"), year=2024)
    sign_annual_report(plan, people, "Signed.")
    client.force_login(people["secretariat"])
    url = reverse("official:ministers_pack", args=[2024])
    client.get(url)
    # session, user, administrator?, may read the pack, the plan the year is filed under, the latest final
    # versions, the year's plans, its reviews and reviews signed; the page's menu (plans, membership,
    # permissions ×2)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.content.decode().count("<em>not yet signed</em>") == plans_of_action
