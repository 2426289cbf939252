"""The mailer knows no report kind: the apps register who may be told of which events."""

import pytest

from notifications import registry
from notifications.models import Event


@pytest.fixture
def audiences(monkeypatch):
    monkeypatch.setattr(registry, "_audiences", {})
    return registry


def test_a_person_is_offered_the_events_of_every_audience_they_belong_to_in_event_order(audiences):
    audiences.register_audience("writers", events={Event.REMINDER, Event.CYCLE_OPENED}, includes=lambda user: True)
    audiences.register_audience("chairs", events={Event.COMMENT}, includes=lambda user: user == "chair")
    assert audiences.events_for("chair") == [Event.CYCLE_OPENED, Event.COMMENT, Event.REMINDER]
    assert audiences.events_for("writer") == [Event.CYCLE_OPENED, Event.REMINDER]


def test_registering_an_audience_again_replaces_it(audiences):
    audiences.register_audience("writers", events={Event.REMINDER}, includes=lambda user: True)
    audiences.register_audience("writers", events={Event.COMMENT}, includes=lambda user: True)
    assert audiences.events_for("anyone") == [Event.COMMENT]


def test_the_apps_register_their_audiences_when_django_starts():
    assert {"monitoring.staff", "monitoring.cochairs", "annualreports.cochairs"} <= set(registry._audiences)
