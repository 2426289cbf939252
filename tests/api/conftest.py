import pytest
from rest_framework.test import APIClient

from api.services import create_token
from tests.public.conftest import published  # noqa: F401 (fixture)
from tests.national.conftest import draft, nat  # noqa: F401 (fixtures)
from tests.sensitivity.conftest import roles_world  # noqa: F401 (fixture)


def api_client(user=None):
    """An API client; with `user`, carrying a fresh personal token of theirs."""
    client = APIClient()
    if user is not None:
        _, key = create_token(user=user, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def every_page(client, url, **params):
    """The results of every page of a list, following `next`."""
    results, response = [], client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        results += body["results"]
        if not body["next"]:
            return results
        response = client.get(body["next"])


@pytest.fixture
def anonymous_api():
    return api_client()
