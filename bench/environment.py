"""The settings a benchmark runs Django with in its own process: the test client's plain http, no
collectstatic, and a key of its own (without DEBUG the settings refuse to load without one)."""

import os

DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "ALLOWED_HOSTS": "testserver",
    "HTTPS": "false",
    "STATICFILES_COLLECTED": "false",
    "SECRET_KEY": "benchmark-only-key-never-used-on-a-server-0123456789abcdefghij",
}


def prepare():
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
