import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_event_names_its_time_in_the_time_zone_the_admin_shows(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    event = AuditEvent(action=AuditEvent._meta.get_field("action").choices[0][0], username="somtc",
                       at=datetime.datetime(2025, 3, 1, 23, 30, tzinfo=datetime.timezone.utc))
    assert str(event).startswith("2025-03-02 06:30 somtc")  # UTC+7, the same time as its "when" column
    assert timezone.localtime(event.at).hour == 6
