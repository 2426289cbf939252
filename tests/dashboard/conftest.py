import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from monitoring.synthetic import generate


@pytest.fixture
def reported_plan(real_plan):
    """The real plan and its seven cycles, reported on as at scale 1 by the synthetic data generator."""
    call_command("load_cycles", verbosity=0)
    generate(scale=1, seed=7)


@pytest.fixture
def cochair_client(client, reported_plan):
    client.force_login(User.objects.get(username="mtf-cochair-1"))
    return client
