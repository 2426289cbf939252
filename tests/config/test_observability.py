"""What a server says when something goes wrong: a logged traceback with its request id, and a health check."""

import logging

import pytest
from django.test import override_settings
from django.urls import path

from config import views as site_views

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("broken/", broken), path("healthz", site_views.healthz)]
handler500 = "config.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_an_unhandled_error_logs_its_traceback_with_path_user_and_request_id(client, django_user_model, caplog):
    user = django_user_model.objects.create_user("someone", password="x" * 12)
    client.raise_request_exception = False
    client.force_login(user)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/?q=1")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert request_id in response.content.decode(), "the 500 page names the request id"
    record = next(record for record in caplog.records if record.name == "django.request")
    assert record.exc_info and record.exc_info[0] is RuntimeError
    # The filter of the stderr handler adds the request's context to the record the handler formats.
    from audit.requests import RequestLogFilter

    RequestLogFilter().filter(record)
    assert (record.request_id, record.path, record.user_id) == (request_id, "/broken/", str(user.pk))


def test_each_request_gets_its_own_id_and_a_proxys_id_is_only_trusted_behind_a_proxy(client, settings):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert first != second
    given = "haproxy-0a1b2c3d4e"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] != given
    settings.BEHIND_PROXY = 1
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\r\nX: y")["X-Request-ID"] != "bad id\r\nX: y"


def test_healthz_says_ok_and_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("part", ["database", "cache", "storage"])
def test_healthz_answers_503_when_a_part_fails(client, monkeypatch, part, caplog):
    def fail():
        raise ConnectionError(f"{part} is away at 10.0.0.7")

    monkeypatch.setitem(site_views.CHECKS, part, fail)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.content == b"unavailable\n"
    assert b"10.0.0.7" not in response.content, "what failed, and where, goes to the log only"
    assert any(part in record.getMessage() for record in caplog.records)


def test_client_ip_takes_the_address_seen_by_the_outermost_trusted_proxy(rf, settings):
    from audit.requests import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4, 10.0.0.2", REMOTE_ADDR="10.0.0.3")
    settings.BEHIND_PROXY = 0
    assert client_ip(request) == "10.0.0.3"
    settings.BEHIND_PROXY = 1
    assert client_ip(request) == "10.0.0.2"
    settings.BEHIND_PROXY = 2
    assert client_ip(request) == "1.2.3.4", "the client's own first entry is never trusted"
    settings.BEHIND_PROXY = 4
    assert client_ip(request) == "10.0.0.3", "fewer entries than proxies: someone bypassed them"


def test_with_a_sentry_dsn_an_unhandled_error_is_sent_to_sentry_without_personal_data(tmp_path):
    """A real Sentry SDK sends to a real HTTP endpoint on 127.0.0.1 standing in for Sentry's ingest."""
    import gzip
    import http.server
    import os
    import subprocess
    import sys
    import threading

    received = []

    class Ingest(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "br":  # the SDK compresses with Brotli once it is installed (WeasyPrint brings it)
                import brotli

                body = brotli.decompress(body)
            received.append(gzip.decompress(body) if encoding == "gzip" else body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ingest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    code = (
        "import django; django.setup(); import sentry_sdk; "
        "from django.test import Client, override_settings; "
        "from django.contrib.auth.models import User; "
        "client = Client(raise_request_exception=False); "
        "client.cookies['sessionid'] = 'secret-session-cookie'; "
        "o = override_settings(ROOT_URLCONF='tests.config.test_observability'); o.enable(); "
        "print(client.get('/broken/?q=1').status_code); sentry_sdk.flush(5)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/1", "ALLOWED_HOSTS": "testserver"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    server.shutdown()
    assert result.stdout.strip() == "500", result.stderr[-3000:]
    sent = b"".join(received)
    assert b"RuntimeError" in sent and b"the view broke" in sent
    assert b"secret-session-cookie" not in sent
