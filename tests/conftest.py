from pathlib import Path

import pytest
from django.core.management import call_command

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture
def real_plan(db):
    """The whole Bali Work Plan as the fixtures ship it."""
    call_command("load_plans", verbosity=0)


@pytest.fixture
def seeds():
    """The source documents; they sit in ../shared/seeds beside the checkout, as in CI."""
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found at {SEEDS}")
    return SEEDS


@pytest.fixture(autouse=True)
def _reset_factory_sequences():
    """Start every test at 1.1, 1.1.1…: the numbers stay small and URL-shaped, as in the real plan."""
    from tests import factories

    for factory_class in vars(factories).values():
        if isinstance(factory_class, type) and issubclass(factory_class, factories.factory.django.DjangoModelFactory):
            factory_class.reset_sequence(force=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests that create users need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Figures cached by one test must not answer the next one's requests.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
