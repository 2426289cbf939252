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


def at_each_scale(scales, run):
    """`run(scale)` for each scale, each in a test database of its own, made before and dropped after."""
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    for scale in scales:
        old = setup_databases(verbosity=0, interactive=False)
        try:
            run(scale)
        finally:
            teardown_databases(old, verbosity=0)
