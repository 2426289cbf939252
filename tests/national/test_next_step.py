"""The national side of the pages that lead to the next step: each attention item a link to its page,
headings naming the state, plan and year, and the chair landing back on the list after a step."""

import pytest
from django.urls import reverse

from national import services
from national.models import NationalReport
from tests.national.conftest import answer_all

pytestmark = pytest.mark.django_db


def test_every_national_attention_item_leads_to_its_page(client, nat, draft):
    client.force_login(nat.focal)
    page = client.get(reverse("home")).content.decode()
    assert f'<a href="{draft.get_absolute_url()}">Continue Indonesia' in page
    client.force_login(nat.other_focal)
    page = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("national:reports", args=[nat.plan.slug])}?cycle=2025">Start Malaysia' in page
    services.submit_national_report(report=answer_all(draft), user=nat.focal)
    client.force_login(nat.chair)
    page = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("national:reports", args=[nat.plan.slug])}">Review: <strong>1</strong>' in page


def test_national_report_headings_name_the_state_plan_and_year(client, nat, draft):
    client.force_login(nat.focal)
    for url in (draft.get_absolute_url(), reverse("national:edit_report", args=[draft.pk])):
        heading = client.get(url).content.decode().split("<h1>")[1].split("</h1>")[0]
        assert "Indonesia" in heading and nat.plan.short_name in heading and "2025" in heading


def test_the_chair_lands_back_on_the_list_after_acknowledging_and_never_off_site(client, nat, draft):
    services.submit_national_report(report=answer_all(draft), user=nat.focal)
    client.force_login(nat.chair)
    back = reverse("national:reports", args=[nat.plan.slug]) + "?cycle=2025"
    listing = client.get(back + "&select=page").content.decode()
    assert f'id="ack-{draft.pk}" checked' in listing and f'name="next" value="{back}"' in listing
    assert f'<label for="ack-{draft.pk}" class="select-label">Select report of Indonesia</label>' in listing
    page = client.get(draft.get_absolute_url(), {"next": "https://evil.example/"}).content.decode()
    assert "Return with comment" in page and 'name="next"' not in page
    response = client.post(reverse("national:acknowledge_report", args=[draft.pk]), {"next": back})
    assert response.url == back and NationalReport.objects.get(pk=draft.pk).state == "acknowledged"
