"""Every page of the official documents for every role, and the queries of the document's and the
reporting line's pages pinned at two sizes."""

import datetime

import pytest
from django.urls import reverse

from official import kinds, services
from official.models import Dispatch, Version
from tests.official.conftest import ROLES

pytestmark = pytest.mark.django_db

PLAN = "bali-work-plan"
KIND = "annual-report"
ANNUAL = kinds.get(KIND)


def sign(plan, user, reason=""):
    document = services.document_for(ANNUAL, plan, 2024)
    awaiting = Version.objects.filter(document__pk=document.pk, state="awaiting").first() if document.pk else None
    number, digest = (awaiting.number, awaiting.digest) if awaiting else services.open_for_signing(document)
    return services.sign(document, user, read_digest=digest, read_number=number, reason=reason)


@pytest.fixture
def signed(plan, people, django_capture_on_commit_callbacks):
    """Version 1 signed off by both co-chairs (its files built), version 2 awaiting the second signature."""
    sign(plan, people["cochair"])
    with django_capture_on_commit_callbacks(execute=True):
        v1 = sign(plan, people["cochair_2"])
    services.save_text(services.document_for(ANNUAL, plan, 2024), people["cochair"], {"challenges": "Visas."})
    v2 = sign(plan, people["cochair"], reason="The challenges were missing.")
    return v1, v2


READERS = {"staff", "cochair", "wg_chair", "secretariat", "administrator"}  # every member of the plan's reporting
EXPECTED = {
    # name: (url arguments, method, who gets 200 (or the status given), status for the others)
    "documents": ({}, "get", READERS),
    "document": ({"kind": KIND, "year": 2024}, "get", READERS),
    "text": ({"kind": KIND, "year": 2024}, "get", {"cochair"}),
    "sign": ({"kind": KIND, "year": 2024}, "post", {"cochair"}),  # an empty form: back to the page (302)
    "version": ({"kind": KIND, "year": 2024, "number": 1}, "get", READERS),
    "version_print": ({"kind": KIND, "year": 2024, "number": 1}, "get", READERS),
    "version_file": ({"kind": KIND, "year": 2024, "number": 1, "extension": "pdf"}, "get", READERS),
    "reporting_line": ({}, "get", READERS),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_page_for_every_role(client, plan, people, signed, name):
    kwargs, method, allowed = EXPECTED[name]
    url = reverse(f"official:{name}", kwargs={"plan": PLAN, **kwargs})
    for role in ROLES:
        if people[role]:
            client.force_login(people[role])
        else:
            client.logout()
        response = getattr(client, method)(url)
        expected = 302 if role == "anonymous" else (200 if role in allowed else 403)
        if name == "sign" and role in allowed:
            expected = 302
        assert response.status_code == expected, f"{name} as {role}"
        if role == "anonymous":
            assert "/login" in response["Location"] or "accounts" in response["Location"]
        assert "no-store" in response.get("Cache-Control", ""), f"{name} as {role}"
        if hasattr(response, "streaming_content"):
            assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_version_awaiting_signatures_and_the_draft_are_the_cochairs_alone(client, plan, people, signed):
    _v1, v2 = signed
    url = reverse("official:version", args=[PLAN, KIND, 2024, v2.number])
    for role in ROLES:
        if role == "anonymous":
            continue
        client.force_login(people[role])
        assert client.get(url).status_code == (200 if role == "cochair" else 403), role
        page = client.get(reverse("official:document", args=[PLAN, KIND, 2024]))
        if role in READERS:
            html = page.content.decode()
            assert ("Visas." in html) == (role == "cochair"), role  # the draft's text
            assert (f"versions/{v2.number}/" in html) == (role == "cochair"), role
    client.force_login(people["cochair"])
    pdf = client.get(reverse("official:version_file", args=[PLAN, KIND, 2024, v2.number, "pdf"]))
    assert pdf.status_code == 404  # no file before it is signed off


def test_the_version_page_says_what_is_awaited_and_names_the_signatories_as_frozen(client, plan, people, signed):
    v1, v2 = signed
    people["cochair"].first_name = "Renamed"
    people["cochair"].save()
    client.force_login(people["cochair"])
    awaiting = client.get(v2.get_absolute_url()).content.decode()
    assert "Signed by one co-chair, awaiting the other" in awaiting and "Draft: not signed" not in awaiting
    final = client.get(v1.get_absolute_url()).content.decode()
    assert "Ana First" in final and "Budi Second" in final and "Renamed" not in final
    assert "2024-" not in final.split("<main", 1)[-1].split("version-body")[0]  # dates said as the site says them


def test_only_the_secretariat_and_the_chair_record_the_reporting_line(client, plan, people, signed):
    v1, v2 = signed
    url = reverse("official:reporting_line", args=[PLAN])
    data = {"version": v1.pk, "sent_to": "somtc", "sent_on": "2025-06-30", "outcome": "noted", "comments": ""}
    for role in ("staff", "cochair", "focal_point"):
        client.force_login(people[role])
        assert client.post(url, data).status_code == 403, role
    assert not Dispatch.objects.exists()
    client.force_login(people["secretariat"])
    assert client.post(url, {**data, "version": v2.pk}).status_code == 200  # not signed off: not offered
    assert client.post(url, data).status_code == 302
    dispatch = Dispatch.objects.get()
    assert (dispatch.version, dispatch.sent_to, dispatch.outcome, dispatch.recorded_by) == (v1, "somtc", "noted", people["secretariat"])
    client.force_login(people["staff"])
    line = client.get(url).content.decode()
    assert "30 June 2025" in line and "Noted" in line
    assert "30 June 2025" in client.get(reverse("official:document", args=[PLAN, KIND, 2024])).content.decode()


def _more_versions(plan, people, v1, count, django_capture_on_commit_callbacks):
    """`count` more signed versions, each sent to SOMTC and the AMMTC."""
    versions = [v1]
    for n in range(count):
        services.save_text(services.document_for(ANNUAL, plan, 2024), people["cochair"], {"challenges": f"Change {n}."})
        sign(plan, people["cochair"], reason=f"Change {n}.")
        versions.append(sign(plan, people["cochair_2"]))
    for version in versions:
        for sent_to in ("somtc", "ammtc"):
            services.record_dispatch(version, people["secretariat"], sent_to=sent_to, sent_on=datetime.date(2025, 7, 1),
                                     outcome="noted")
    return versions


# Session and user, the plan, the cycle, the reader's groups (once), an administrator?, a body's staff?,
# the document, its versions, their signatures and their dispatches; the menu's membership check and the
# user's permissions (base.html).
DOCUMENT_QUERIES_FOR_A_READER = 14
# Session and user, the plan, the reader's groups (once), the dispatches with their versions, documents,
# bodies, meetings and decisions (one join); the menu's membership check and the user's permissions; the
# form's choices: the signed versions, the bodies, the plan's meetings and their decisions.
REPORTING_LINE_QUERIES = 12


def test_the_document_and_reporting_line_pages_cost_the_same_queries_at_two_sizes(
    client, plan, people, signed, django_assert_num_queries
):
    v1, _v2 = signed
    url = reverse("official:document", args=[PLAN, KIND, 2024])
    line = reverse("official:reporting_line", args=[PLAN])
    for count in (0, 3):
        _more_versions(plan, people, v1, count, lambda **kw: __import__("contextlib").nullcontext())
        client.force_login(people["staff"])
        with django_assert_num_queries(DOCUMENT_QUERIES_FOR_A_READER):
            assert client.get(url).status_code == 200
        client.force_login(people["secretariat"])
        with django_assert_num_queries(REPORTING_LINE_QUERIES):
            assert client.get(line).status_code == 200
