"""Administrators read the audit log in the admin; nobody writes to it there."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record
from monitoring import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(db):
    record(action=AuditEvent.Action.LOGIN, username="somtc", detail="first")
    record(action=AuditEvent.Action.LOGIN_FAILED, username="intruder", detail="second")
    return AuditEvent.objects.get(username="somtc")


def test_administrators_list_filter_and_search_the_log(client, logged):
    roles.ensure_groups()
    administrator = UserFactory(is_staff=True)
    administrator.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    client.force_login(administrator)
    url = reverse("admin:audit_auditevent_changelist")
    page = client.get(url).content.decode()
    assert "somtc" in page and "intruder" in page and "Login failed" in page
    filtered = client.get(url, {"action": "login_failed"}).content.decode()
    assert "intruder" in filtered and "somtc" not in filtered.split('id="result_list"')[1]
    searched = client.get(url, {"q": "somtc"}).content.decode()
    assert "somtc" in searched and "intruder" not in searched.split('id="result_list"')[1]
    assert "Past 7 days" in page  # the date filter
    this_year = client.get(url, {"at__year": timezone.localdate().year}).content.decode()
    assert "somtc" in this_year and "0 audit events" in client.get(url, {"at__year": 2001}).content.decode()


def test_nobody_adds_changes_or_deletes_events(admin_client, logged):
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change = reverse("admin:audit_auditevent_change", args=[logged.pk])
    view = admin_client.get(change)
    assert view.status_code == 200 and 'name="_save"' not in view.content.decode()
    admin_client.post(change, {"username": "someone-else", "action": "logout"})
    assert admin_client.post(reverse("admin:audit_auditevent_delete", args=[logged.pk]), {"post": "yes"}).status_code == 403
    logged.refresh_from_db()
    assert (logged.username, logged.action) == ("somtc", "login")
    changelist = admin_client.get(reverse("admin:audit_auditevent_changelist"))
    assert "delete_selected" not in changelist.content.decode()


def test_staff_and_co_chairs_do_not_see_the_log(client, logged):
    roles.ensure_groups()
    for group in (roles.STAFF, roles.COCHAIRS):
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
