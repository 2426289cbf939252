"""Nobody reviews their own body's report: not a co-chair who is also staff of it, not an administrator who is."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bodies.models import Membership
from monitoring import roles, services
from monitoring.models import ActivityReport
from tests.monitoring.conftest import complete, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, world):
    return services.submit_report(report=complete(draft), user=world.staff)


@pytest.fixture
def staff_and_cochair(world):
    user = make_user(roles.STAFF, world.somtc, username="both")
    user.groups.add(Group.objects.get(name=roles.COCHAIRS))
    return user


@pytest.mark.parametrize("step", ["accept", "return"])
def test_a_cochair_who_is_staff_of_the_body_cannot_review_its_report(submitted, staff_and_cochair, step):
    with pytest.raises(PermissionDenied, match="You belong to SOMTC"):
        if step == "accept":
            services.accept_report(report=submitted, user=staff_and_cochair)
        else:
            services.return_report(report=submitted, user=staff_and_cochair, comment="Add the dates.")
    submitted.refresh_from_db()
    assert submitted.state == ActivityReport.State.SUBMITTED


def test_an_administrator_who_belongs_to_the_body_cannot_accept_its_report(submitted, world):
    # A seat given as the people pages give it: the body's row and the staff group.
    Membership.objects.create(user=world.admin, body=world.somtc)
    world.admin.groups.add(Group.objects.get(name=roles.STAFF))
    with pytest.raises(PermissionDenied):
        services.accept_report(report=submitted, user=world.admin)


def test_the_same_person_may_review_reports_of_other_bodies(world, staff_and_cochair):
    report = services.start_report(activity=world.other_activity, cycle=world.cycle, body=world.aichr, user=world.other_staff)
    services.submit_report(report=complete(report), user=world.other_staff)
    assert services.accept_report(report=report, user=staff_and_cochair).state == ActivityReport.State.ACCEPTED


def test_the_report_page_offers_no_review_to_its_own_body(client, submitted, staff_and_cochair, world):
    client.force_login(staff_and_cochair)
    page = client.get(reverse("monitoring:report", args=[submitted.pk])).content.decode()
    assert reverse("monitoring:accept_report", args=[submitted.pk]) not in page
    response = client.post(reverse("monitoring:accept_report", args=[submitted.pk]), {"comment": ""})
    assert response.status_code == 403
    client.force_login(world.cochair)
    assert reverse("monitoring:accept_report", args=[submitted.pk]) in client.get(reverse("monitoring:report", args=[submitted.pk])).content.decode()
