"""The whole-plan matrix is drawn once and kept until the matrix, its indicators or its decisions change."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Decision, Meeting
from tests.factories import ActivityFactory, build_plan
from workplan import page_cache
from workplan.models import Activity, Plan
from workplan.signals import indicator_changed, matrix_amended, matrix_imported

pytestmark = pytest.mark.django_db

URL = reverse("workplan:plan", args=["bali-work-plan"])
# Once kept, the page reads only the plan of its URL: neither the matrix nor its counts.
KEPT_QUERIES = 1


@pytest.mark.parametrize("scale", [1, 2])
def test_the_kept_matrix_reads_only_the_plan_at_any_size(client, django_assert_num_queries, scale):
    build_plan(scale=scale)
    drawn = client.get(URL).content
    with django_assert_num_queries(KEPT_QUERIES):
        kept = client.get(URL).content
    assert kept == drawn
    assert kept.count(b'class="code"') == Activity.objects.count() == 4 * 8 * scale * 4


def test_a_saved_activity_shows_at_once(client, django_capture_on_commit_callbacks):
    build_plan()
    activity = Activity.objects.order_by("pk").first()
    assert b"Reworded by the MTF" not in client.get(URL).content
    with django_capture_on_commit_callbacks(execute=True):
        activity.text = "Reworded by the MTF"
        activity.save()
    assert b"Reworded by the MTF" in client.get(URL).content


def test_a_change_rolled_back_keeps_the_page(client, django_capture_on_commit_callbacks):
    build_plan()
    client.get(URL)
    version = cache.get(page_cache.VERSION)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ActivityFactory()  # its transaction never commits: nothing runs
    assert callbacks and cache.get(page_cache.VERSION) == version


@pytest.mark.parametrize("signal", [matrix_amended, matrix_imported, indicator_changed])
def test_the_work_plans_signals_drop_the_kept_page(client, django_capture_on_commit_callbacks, signal):
    build_plan()
    client.get(URL)
    # A change the signal stands for, written in bulk as an import or an amendment does: no save signal.
    Activity.objects.filter(pk=Activity.objects.order_by("pk").first().pk).update(text="Written in bulk")
    assert b"Written in bulk" not in client.get(URL).content
    with django_capture_on_commit_callbacks(execute=True):
        # send_robust: the audit log's receivers, also listening, want real objects this test has no need of.
        signal.send_robust(sender=None, result=None, amendment=None, step="applied", instance=None, user=None, reason="", what="")
    assert b"Written in bulk" in client.get(URL).content


def test_a_decision_saved_drops_the_kept_page(client, django_capture_on_commit_callbacks):
    build_plan()
    client.get(URL)
    version = cache.get(page_cache.VERSION)
    meeting = Meeting.objects.create(title="MTF annual meeting", kind=Meeting.Kind.WG_ON_CT, held_on=datetime.date(2025, 5, 14))
    with django_capture_on_commit_callbacks(execute=True):
        decision = Decision.objects.create(meeting=meeting, position=1, text="Reword 1.1.1.")
    assert cache.get(page_cache.VERSION) != version
    version = cache.get(page_cache.VERSION)
    with django_capture_on_commit_callbacks(execute=True):
        decision.activities.set([Activity.objects.order_by("pk").first()])
    assert cache.get(page_cache.VERSION) != version


def test_a_filtered_matrix_is_drawn_afresh(client):
    build_plan()
    client.get(URL, {"q": "workshop"})
    assert not any(key.startswith(":1:workplan:matrix-page:") and "version" not in key for key in cache._cache)


def test_the_kept_page_is_the_days_own(client, monkeypatch):
    build_plan()
    plan = Plan.objects.get(slug="bali-work-plan")
    today = page_cache.key(plan)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: datetime.date(2099, 1, 1))
    assert page_cache.key(plan) != today
