"""An amendment in Chromium at phone width: a co-chair records it under the MTF's decision found by search,
adds a line whose activity is found by search, applies it, and reads the plan as adopted beside the plan
now; no page is wider than the 390 px screen."""

import datetime

import pytest
from playwright.sync_api import expect

from meetings.models import Decision, Meeting
from steering import roles
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import ActivityFactory, SectoralBodyFactory
from tests.monitoring.conftest import make_user
from tests.steering.conftest import as_adopted


@pytest.fixture
def plan(transactional_db):
    roles.ensure_groups()
    activity = ActivityFactory(text="Conduct ASEAN Track 1.5 Dialogue on a long wording that has to wrap on a phone",
                               lead_bodies=[SectoralBodyFactory(abbreviation="SOMTC")])
    as_adopted(activity.plan)
    meeting = Meeting.objects.create(title="15th MTF meeting", kind=Meeting.Kind.MTF, held_on=datetime.date(2025, 3, 12))
    Decision.objects.create(meeting=meeting, position=3, text="The MTF adjusts the dialogues.")
    cochair = make_user(roles.COCHAIRS, username="cochair")
    cochair.set_password(PASSWORD)
    cochair.save()
    return activity.plan


def fits(page):
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_a_cochair_amends_the_plan_on_a_phone_and_compares_it(page, live_server, plan):
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "cochair")
    page.goto(f"{base}/plans/{plan.slug}/amendments/")
    fits(page)
    page.get_by_role("link", name="Record an amendment").click()
    page.get_by_label("Reason").fill("The dialogues move online.")
    page.get_by_label("Search decision that adopted it").fill("15th MTF")
    page.get_by_role("button", name="Search").click()
    # The form comes back with the matches: measured once it has, not while the next page is loading.
    expect(page.get_by_label("adjusts the dialogues", exact=False)).to_be_visible()
    fits(page)
    page.get_by_label("adjusts the dialogues", exact=False).check()
    page.get_by_role("button", name="Record the draft").click()
    expect(page.get_by_text("Amendment recorded as a draft")).to_be_visible()

    page.get_by_role("link", name="Reword an activity").click()
    page.get_by_label("Search activity").fill("Track 1.5")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_label("Track 1.5 Dialogue", exact=False)).to_be_visible()
    fits(page)
    page.get_by_label("Track 1.5 Dialogue", exact=False).check()
    page.get_by_label("New wording").fill("Conduct an online dialogue")
    page.get_by_role("button", name="Add the line").click()
    expect(page.get_by_role("button", name="Apply the amendment")).to_be_visible()
    fits(page)
    page.get_by_role("button", name="Apply the amendment").click()
    expect(page.get_by_text("Amendment applied to the matrix.")).to_be_visible()

    page.goto(f"{base}/plans/{plan.slug}/")
    page.get_by_role("link", name="The plan as adopted beside the plan now").click()
    expect(page.locator("del", has_text="Track 1.5 Dialogue")).to_be_visible()
    expect(page.locator("ins", has_text="Conduct an online dialogue")).to_be_visible()
    fits(page)
