"""The API's machinery: the OpenAPI document, the real plan through the API, personal tokens, rate
limits, ETags, caching headers, filters and query counts."""

import hashlib

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from api.models import ApiToken
from api.services import create_token, revoke_token
from api.throttling import PerAddress, PerToken
from audit.models import AuditEvent
from tests.api.conftest import api_client, every_page
from tests.public.conftest import sized_plan

pytestmark = pytest.mark.django_db


def test_the_openapi_document_validates_as_openapi_3(anonymous_api):
    response = anonymous_api.get(reverse("api:openapi"))
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/reports/", "/api/v1/national-reports/", "/api/v1/activities/"} <= set(document["paths"])
    assert "personalToken" in document["components"]["securitySchemes"]


def test_the_bali_work_plans_113_activities_come_back_paginated_with_the_matrix_pages_texts(client, real_plan, anonymous_api):
    first = anonymous_api.get(reverse("api:activities-list"), {"plan": "bali-work-plan"}).json()
    assert first["count"] == 113 and len(first["results"]) == 50 and first["next"]
    from_api = [(row["code"], row["text"], [output["text"] for output in row["outputs"]])
                for row in every_page(anonymous_api, reverse("api:activities-list"), plan="bali-work-plan")]
    rows = client.get(reverse("workplan:plan", args=["bali-work-plan"])).context["rows"]
    from_page = [(row.activity.code, row.activity.text, [output.text for output in row.activity.outputs.all()])
                 for row in rows if row.activity is not None]
    assert len(from_api) == 113
    assert from_api == from_page


def test_a_token_is_stored_hashed_shown_once_and_revoked(published):
    token, key = create_token(user=published.cochair, name="Secretariat reporting")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest() and key not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=key).exists() and token.prefix == key[:8]
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(reverse("api:reports-list"))
    assert response.status_code == 200 and response.json()["count"] == 3  # a co-chair reads every report
    token.refresh_from_db()
    assert token.last_used_at is not None
    revoke_token(token=token, user=published.cochair)
    assert client.get(reverse("api:reports-list")).status_code == 401
    assert list(AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk)).values_list("action", flat=True).order_by("pk")) == [
        "api_token_created", "api_token_revoked"]


def test_a_wrong_token_or_an_inactive_persons_token_opens_nothing(published):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(reverse("api:plans-list")).status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token two words")
    assert client.get(reverse("api:plans-list")).status_code == 401
    client = api_client(published.cochair)
    published.cochair.is_active = False
    published.cochair.save()
    assert client.get(reverse("api:reports-list")).status_code == 401


def test_the_token_page_makes_shows_once_and_revokes(client, published):
    url = reverse("api_tokens")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(published.staff)
    response = client.post(url, {"name": "Body's portfolio tool"})
    assert response.status_code == 200 and response["Cache-Control"].count("no-store")
    key = response.context["key"]
    token = ApiToken.objects.get(user=published.staff)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in client.get(url).content.decode()  # shown once
    assert client.post(url, {"name": "  "}).context["form"].errors
    other = create_token(user=published.cochair, name="Theirs")[0]
    assert client.post(reverse("api_token_revoke", args=[other.pk])).status_code == 404
    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_token_page_opens_for_every_signed_in_role(client, published):
    for role in ["staff", "focal", "cochair", "chair", "secretariat", "admin"]:
        client.force_login(getattr(published, role))
        assert client.get(reverse("api_tokens")).status_code == 200, role


def test_rate_limits_count_per_address_and_per_token(published, monkeypatch):
    monkeypatch.setattr(PerAddress, "rate", "3/min", raising=False)
    monkeypatch.setattr(PerToken, "rate", "2/min", raising=False)
    anonymous = api_client()
    assert [anonymous.get(reverse("api:plans-list")).status_code for _ in range(4)] == [200, 200, 200, 429]
    first, second = api_client(published.cochair), api_client(published.cochair)
    assert [first.get(reverse("api:plans-list")).status_code for _ in range(3)] == [200, 200, 429]
    assert second.get(reverse("api:plans-list")).status_code == 200  # each token has its own count
    other_address = api_client()
    assert other_address.get(reverse("api:plans-list"), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_an_etag_answers_304_until_the_data_change(published, anonymous_api):
    url = reverse("api:activities-list")
    response = anonymous_api.get(url)
    etag = response["ETag"]
    assert response.status_code == 200 and etag
    again = anonymous_api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    published.activity.__class__.objects.filter(pk=published.activity.pk).update(text="Amended text")
    assert anonymous_api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_signed_in_answers_are_never_stored_and_anonymous_ones_are_public(published, anonymous_api):
    assert "public" in anonymous_api.get(reverse("api:reports-list"))["Cache-Control"]
    response = api_client(published.cochair).get(reverse("api:reports-list"))
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_the_pages_filters_apply_and_bad_values_are_refused_not_failed(published):
    client = api_client(published.cochair)
    url = reverse("api:reports-list")
    assert client.get(url, {"state": "draft"}).json()["count"] == 1
    assert client.get(url, {"state": "accepted", "year": 2025, "body": "SOMTC"}).json()["count"] == 1
    assert client.get(url, {"year": 2024}).json()["count"] == 0
    assert client.get(url, {"status": "completed", "plan": published.plan.slug}).json()["count"] == 3
    assert client.get(url, {"state": "lost"}).status_code == 400
    assert client.get(url, {"year": "soon"}).status_code == 400
    assert client.post(url, {}).status_code == 403  # the API only reads
    activities = api_client().get(reverse("api:activities-list"), {"body": "SOMTC", "plan": published.plan.slug})
    assert activities.json()["count"] == 3


@pytest.mark.parametrize("count", [4, 16])
def test_list_endpoints_take_the_same_queries_whatever_the_size(django_assert_num_queries, count):
    from monitoring import roles
    from tests.monitoring.conftest import make_user

    roles.ensure_groups()
    sized_plan(count, accepted_every=2)
    cochair = make_user(roles.COCHAIRS)
    token_client = api_client(cochair)
    # Per list: the count and the page, then one query per prefetched relation (reports: achievements,
    # Member States, documents); an empty list stops at the count. A token costs its lookup (and, on its
    # first use, the note of its use), the account's permissions and groups, and what may_read asks once.
    expected = {("anonymous", "activities"): 4, ("anonymous", "reports"): 5, ("anonymous", "national-reports"): 1,
                ("cochair", "reports"): 10, ("cochair", "national-reports"): 6}
    for (who, name), queries in expected.items():
        client = api_client() if who == "anonymous" else token_client
        with django_assert_num_queries(queries):
            assert client.get(reverse(f"api:{name}-list")).status_code == 200
