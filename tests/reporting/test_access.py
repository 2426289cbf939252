"""The one access function: fetch a report of any kind, optionally lock it, check who may see or change
it, or refuse."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.test import RequestFactory

from national import services
from national.models import NationalReport
from reporting.access import access_report
from tests.national.conftest import draft, nat  # noqa: F401 (shared fixtures)

pytestmark = pytest.mark.django_db


def test_a_report_is_fetched_for_one_who_may_see_it_from_a_model_or_a_queryset(nat, draft):
    assert access_report(nat.focal, NationalReport, draft.pk) == draft
    assert access_report(nat.chair, NationalReport.objects.with_context(), draft.pk) == draft


def test_a_request_stands_for_its_user(nat, draft):
    request = RequestFactory().get("/")
    request.user = nat.focal
    assert access_report(request, NationalReport.objects, draft.pk) == draft


def test_a_missing_report_is_not_found(nat):
    with pytest.raises(Http404):
        access_report(nat.admin, NationalReport, 999_999)


def test_a_report_of_another_state_is_refused(nat, draft):
    with pytest.raises(PermissionDenied):
        access_report(nat.other_focal, NationalReport, draft.pk)


def test_changing_needs_more_than_seeing(nat, draft):
    assert access_report(nat.chair, NationalReport, draft.pk) == draft
    with pytest.raises(PermissionDenied):
        access_report(nat.chair, NationalReport, draft.pk, for_change=True)
    assert access_report(nat.focal, NationalReport, draft.pk, for_change=True) == draft


def test_a_sent_report_is_no_longer_for_change(nat, draft):
    NationalReport.objects.filter(pk=draft.pk).update(state=NationalReport.State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        access_report(nat.focal, NationalReport, draft.pk, for_change=True)


def test_a_locked_report_is_fetched_inside_the_transaction(nat, draft):
    with transaction.atomic():
        report = access_report(nat.focal, NationalReport.objects.with_context(), draft.pk, lock=True)
        services.update_report(report=report, user=nat.focal, expected_version=report.version,
                               fields={"narrative": "Written under the lock"})
    assert NationalReport.objects.get(pk=draft.pk).narrative == "Written under the lock"
