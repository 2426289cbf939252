"""Every API endpoint for every role and every mark: the API never gives what the same person could not
read on the pages (the reports' `is_visible_to`, `reporting.sensitivity.may_read`), and gives a caller
without a token the published reports' public parts only."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from api.serializers import ACTIVITY_REPORT_FULL_ONLY
from monitoring.models import ActivityReport
from national.models import NationalReport
from reporting.sensitivity import Sensitivity, may_read
from tests.api.conftest import api_client, every_page
from tests.public.conftest import LEAK, SHOWN

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "focal", "agency_focal", "other_focal", "cochair", "chair", "secretariat", "admin"]
PUBLIC_LISTS = ["plans", "areas", "provisions", "activities", "outputs", "indicators", "bodies", "member-states", "cycles"]


def person(world, role):
    return AnonymousUser() if role == "anonymous" else getattr(world, role)


def client_of(world, role):
    return api_client(None if role == "anonymous" else getattr(world, role))


def test_the_public_endpoints_say_the_same_to_every_role(published):
    anonymous = {name: every_page(api_client(), reverse(f"api:{name}-list")) for name in PUBLIC_LISTS}
    assert all(anonymous[name] for name in ("plans", "areas", "provisions", "activities", "outputs", "bodies", "cycles"))
    for role in ROLES[1:]:
        client = client_of(published, role)
        for name in PUBLIC_LISTS:
            assert every_page(client, reverse(f"api:{name}-list")) == anonymous[name], (role, name)


def _readable_documents(user, report, in_full):
    if not in_full:
        return {document.pk for document in report.documents.all()
                if document.sensitivity == Sensitivity.PUBLIC and report.is_final}
    return {document.pk for document in report.documents.all() if may_read(user, document.sensitivity, report)}


def test_activity_reports_give_each_role_what_its_pages_give(published):
    reports = list(ActivityReport.objects.all())
    saw_in_full = set()
    for role in ROLES:
        user, client = person(published, role), client_of(published, role)
        returned = {row["id"]: row for row in every_page(client, reverse("api:reports-list"))}
        expected = {report.pk for report in reports if report.is_visible_to(user) or report.state == "accepted"}
        assert set(returned) == expected, role
        for report in reports:
            detail = client.get(reverse("api:reports-detail", args=[report.pk]))
            assert detail.status_code == (200 if report.pk in expected else 404), (role, report.state)
            if report.pk not in expected:
                continue
            row, in_full = returned[report.pk], report.is_visible_to(user)
            assert detail.json() == row
            assert {document["id"] for document in row["documents"]} == _readable_documents(user, report, in_full), role
            if in_full:
                saw_in_full.add(role)
                assert row["recommendations"] == report.recommendations and row["venue"] == report.venue
            else:
                assert not set(ACTIVITY_REPORT_FULL_ONLY) & set(row), role
                assert LEAK not in json.dumps(row), role
                assert row["public_text"] == {"assessment": f"{SHOWN} assessment"}
    # The positive control: the body's staff, the co-chairs and administrators read the restricted text.
    assert saw_in_full == {"staff", "cochair", "admin"}


def test_national_reports_give_each_role_what_its_pages_give(published):
    reports = list(NationalReport.objects.prefetch_related("entries", "documents"))
    for role in ROLES:
        user, client = person(published, role), client_of(published, role)
        returned = {row["id"]: row for row in every_page(client, reverse("api:national-reports-list"))}
        # Of the acknowledged reports, only Indonesia's published anything.
        expected = {report.pk for report in reports
                    if report.is_visible_to(user) or report.pk == published.indonesia_report.pk}
        assert set(returned) == expected, role
        for report in reports:
            if report.pk not in expected:
                assert client.get(reverse("api:national-reports-detail", args=[report.pk])).status_code == 404
                continue
            row, in_full = returned[report.pk], report.is_visible_to(user)
            marks = ({mark for mark in Sensitivity.values if may_read(user, mark, report)} if in_full
                     else {Sensitivity.PUBLIC})
            assert {entry["provision"] for entry in row["entries"]} == {
                entry.provision.number for entry in report.entries.all() if entry.sensitivity in marks}, role
            assert (row["narrative"] is not None) == (report.narrative_sensitivity in marks), role
            assert {document["id"] for document in row["documents"]} == _readable_documents(user, report, in_full), role
            if not in_full:
                assert LEAK not in json.dumps(row), role
    # Positive control: Indonesia's own focal point reads its confidential answer; Malaysia's does not.
    own = every_page(client_of(published, "focal"), reverse("api:national-reports-list"))
    assert "confidential answer" in json.dumps(own)
    theirs = every_page(client_of(published, "other_focal"), reverse("api:national-reports-list"))
    assert "confidential answer" not in json.dumps(theirs)
