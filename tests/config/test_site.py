import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_page_names_a_favicon_served_from_the_site(client):
    content = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg' in content
    assert finders.find("img/favicon.svg")


def test_the_admin_names_the_tracker_not_django(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    content = client.get(reverse("admin:index")).content.decode()
    assert "ASEAN plans tracker: administration" in content
    assert "Django administration" not in content and "Django site admin" not in content
    assert "img/favicon.svg" in content
