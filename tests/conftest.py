import email
import email.policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from bench.http_session import free_port

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture
def real_plan(db):
    """The whole Bali Work Plan as the fixtures ship it."""
    call_command("load_plans", verbosity=0)


@pytest.fixture
def dialogue_partners(db):
    """The register of partners as its data migration starts it (bodies 0003). A test that needs them asks
    for them: a browser test's live server empties every table after it, data migrations' rows included."""
    from importlib import import_module

    from django.apps import apps

    from bodies.models import Partner

    if not Partner.objects.exists():
        import_module("bodies.migrations.0003_dialogue_partners").add_partners(apps, None)


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


class Mailbox:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, and can be stopped and
    started again to play a mail server that is down."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


@pytest.fixture
def mailbox(settings):
    box = Mailbox()
    box.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", box.port, 5
    settings.EMAIL_USE_TLS = False  # the test server speaks plain SMTP
    settings.SITE_URL = "https://tracker.example.org"
    yield box
    if box.controller and box.controller._thread:
        box.stop()
