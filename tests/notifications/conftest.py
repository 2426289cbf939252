import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from bench.http_session import free_port
from tests.monitoring.conftest import draft, world  # noqa: F401  (fixtures: the monitoring world)


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
