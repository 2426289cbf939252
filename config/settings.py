"""Settings of the Bali Work Plan tracker.

Everything that differs between a laptop and a server comes from environment variables, with
defaults that are safe for a first local run (SQLite next to the code, DEBUG on only when asked).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The fallback key only exists so that a first local run works; a server must set SECRET_KEY
# (bin/serve-production refuses to start without it, and `check --deploy` flags the fallback).
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-local-development-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    # Before monitoring: its post_migrate hook gives the Administrators group every permission, and
    # the permissions of an app are only created by the time its own post_migrate has been sent.
    "audit",
    "backups",
    "bodies",
    "workplan",
    "monitoring",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ only (never MEDIA_ROOT): right after SecurityMiddleware, as WhiteNoise asks.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "audit.requests.RequestContextMiddleware",
    # Last, as django-axes asks: it turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses every login attempt of a locked-out username from the same address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workplan.scoping.current_plan",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A persistent connection is checked before each request reuses it, so that after the
        # database restarts the next request reconnects instead of failing once per worker.
        conn_health_checks=True,
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")  # the ASEAN Secretariat's time zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Where `collectstatic` has been run (bin/serve-production does), static files get hashed, compressed
# names and WhiteNoise serves them from STATIC_ROOT with far-future caching. Without it (DEBUG, and
# the test suite, whose pytest settings turn it off) the manifest would be missing and every page
# would fail, so plain names are used and WhiteNoise finds the files in the apps, re-reading them
# as they change: the same middleware either way, no collectstatic needed to run the tests.
STATICFILES_COLLECTED = env_bool("STATICFILES_COLLECTED", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATICFILES_COLLECTED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not STATICFILES_COLLECTED
# Uploaded documents live here and are never served from a URL of their own: no URL pattern serves
# MEDIA_URL and WhiteNoise only looks in STATIC_ROOT and the static finders. The only way to a
# document is the monitoring:document view, which checks who may see its report.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "monitoring:home"
LOGOUT_REDIRECT_URL = "home"

# Email, for password reset only: without EMAIL_HOST the tracker offers no reset (see audit/passwords.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", 5))  # an hour, per address and per email

# Official post-activity documents attached to reports.
REPORT_DOCUMENT_MAX_BYTES = int(os.environ.get("REPORT_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Spreadsheets of the matrix uploaded for import.
MATRIX_IMPORT_MAX_BYTES = int(os.environ.get("MATRIX_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
# Past these a file is refused before it is read whole: rows of the sheet (the header aside), and
# bytes a workbook unpacks to (an .xlsx is a zip; a small one can hold a huge sheet).
MATRIX_IMPORT_MAX_ROWS = int(os.environ.get("MATRIX_IMPORT_MAX_ROWS", 20_000))
MATRIX_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("MATRIX_IMPORT_MAX_UNPACKED_BYTES", 50 * 1024 * 1024))

# --- Security -------------------------------------------------------------------------------------
# HTTPS: on by default when DEBUG is off, so a server is safe unless told otherwise. It sends cookies
# only over https, redirects http to https and asks browsers to remember that (HSTS). It must be off
# where the site is reached over plain http: `bin/serve` on 127.0.0.1 (DEBUG on) and the test suite
# (its pytest settings set HTTPS=false, since the test client and the live server speak plain http).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# A year, the value the browsers' preload lists ask for. Set HSTS_SECONDS=0 while trying HTTPS out:
# browsers remember the header for that long and refuse plain http to the host meanwhile.
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 365 * 24 * 3600)) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
# Behind a reverse proxy that ends TLS (nginx, a load balancer), Django sees plain http: trust the
# proxy's X-Forwarded-Proto, and take the client's address from the X-Forwarded-For entry that
# proxy appends (see audit.requests.client_ip). Only set BEHIND_PROXY when every request comes
# through such a proxy: otherwise a client could forge both headers.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A working day; and a closed browser logs out, since offices share computers.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Every page is made of this site's own files: no inline script or style, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins of one username from one
# address, that pair is refused for the cool-off period, with a page saying so (status 429).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 1))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "audit.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "audit.requests.client_ip"

# The dashboard keeps its figures in the cache (see dashboard/cache.py). With CACHE_DIR set, the
# cache is a directory that every gunicorn worker on the machine shares, so a figure computed by one
# worker serves them all; without it, each process keeps its own in memory (tests, bin/serve).
if os.environ.get("CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
