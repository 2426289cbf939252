"""The history of changes writes moments and days as the rest of the site does, in its time zone."""

import datetime
import re

import pytest
from django.urls import reverse

from national import services
from reporting.history import shown
from tests.national.conftest import answer_all, draft, nat  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_moment_is_shown_in_the_sites_time_zone_without_seconds(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    moment = datetime.datetime(2026, 12, 7, 23, 30, 15, 123456, tzinfo=datetime.UTC)
    assert shown(moment) == "8 Dec 2026 06:30"
    assert shown(datetime.date(2025, 3, 1)) == "1 Mar 2025"
    assert shown("") == "" and shown(None) is None and shown("Implemented") == "Implemented"


def test_the_report_history_never_prints_a_raw_timestamp(client, nat, draft):  # noqa: F811
    services.submit_national_report(report=answer_all(draft), user=nat.focal)  # sets its first submission's moment
    client.force_login(nat.focal)
    page = client.get(reverse("national:report", args=[draft.pk])).content.decode()
    history = page[page.index("History of changes"):]
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}|\+00:00", history)
    assert re.search(r"→ <ins>\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d</ins>", history)  # the first submission's moment
