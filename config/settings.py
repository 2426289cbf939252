"""Settings of the Bali Work Plan tracker.

Everything that differs between a laptop and a server comes from environment variables, with
defaults that are safe for a first local run (SQLite next to the code, DEBUG on only when asked).
"""

import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def proxy_count(value):
    """BEHIND_PROXY: a number of proxies, or a yes/no meaning one or none."""
    value = value.strip().lower()
    if value.isdigit():
        return int(value)
    return 1 if value in {"true", "yes", "on"} else 0


DEBUG = env_bool("DEBUG", False)
# The database holds invented reports (bin/serve loads them unless DEMO_DATA=0): every page says so.
DEMO_DATA = env_bool("DEMO_DATA", False)
# The fallback key only exists so that a first local run (DEBUG on) works. Without DEBUG the site
# refuses to start at all rather than sign sessions and password-reset links with a published key.
LOCAL_SECRET_KEY = "insecure-local-development-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY") or (LOCAL_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set and DEBUG is off: set SECRET_KEY to 50 or more random characters "
        "(see \"Running in production\" in README.md), or DEBUG=true on a laptop."
    )
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
    # Two-factor sign-in: authenticator apps (TOTP) and single-use recovery codes (see twofactor/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "builds",
    "notifications",
    "bodies",
    "workplan",
    "reporting",
    "monitoring",
    "national",
    "meetings",
    "steering",
    "dashboard",
    "annualreports",
    "handover",
    "official",
    "published",
    "api",
    "rest_framework",
    "drf_spectacular",
    # After django_otp's plugins: its admin replaces theirs for the authenticator apps.
    "twofactor",
    "people",
    "demo",
]

MIDDLEWARE = [
    # First: every log line of the request, and the 500 page, carry its request id.
    "audit.requests.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ only (never MEDIA_ROOT): right after SecurityMiddleware, as WhiteNoise asks.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has given a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Until the second factor is given, where it is required: pages redirect to it, the rest is refused.
    "twofactor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
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
                "demo.context_processors.demo_data",
            ],
            "libraries": {"forms": "config.form_tags"},
        },
    },
]

# Django's renderer, with drop-down lists drawn without a template per option (config/form_renderer.py).
FORM_RENDERER = "config.form_renderer.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

# DATABASE_POOL=true (PostgreSQL only) keeps a pool of connections per process (psycopg's pool,
# Django 5.1+): for many app servers on one database, instead of one persistent connection per
# worker. A pool replaces CONN_MAX_AGE, which Django then requires to be 0.
DATABASE_POOL = env_bool("DATABASE_POOL", False)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0 if DATABASE_POOL else int(os.environ.get("CONN_MAX_AGE", "60")),
        # A persistent connection is checked before each request reuses it, so that after the
        # database restarts the next request reconnects instead of failing once per worker.
        conn_health_checks=not DATABASE_POOL,
    )
}
if DATABASE_POOL and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", 2)),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", 10)),
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



def default_storage():
    """Where documents and import previews live: MEDIA_ROOT on this disk, or a bucket that every server shares.

    With AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL set, an S3-compatible object store
    (django-storages; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are read by boto3 itself). Nothing
    in it is ever linked to: documents are read through the view that checks who may see them.
    """
    bucket, endpoint = os.environ.get("AWS_STORAGE_BUCKET_NAME"), os.environ.get("AWS_S3_ENDPOINT_URL")
    if not (bucket and endpoint):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": None,  # the bucket's own policy: private
            "file_overwrite": False,  # two documents of the same name never replace each other
            "querystring_expire": 300,
        },
    }
STORAGES = {
    "default": default_storage(),
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
LOGIN_REDIRECT_URL = "national:home"  # on to monitoring's start for sectoral-body staff and co-chairs
LOGOUT_REDIRECT_URL = "home"

# Password reset is offered only where email is configured (EMAIL_HOST, below; see audit/passwords.py).
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", 5))  # an hour, per address and per email
PEOPLE_INVITATION_DAYS = int(os.environ.get("PEOPLE_INVITATION_DAYS", 7))  # how long an invitation's link works

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
# Behind reverse proxies that end TLS (a load balancer, nginx), Django sees plain http: trust the
# proxy's X-Forwarded-Proto, and take the client's address from X-Forwarded-For, where each proxy
# appends the address it was reached from (see audit.requests.client_ip). BEHIND_PROXY is the number
# of proxies in front of the app (true means 1). Only set it when every request comes through them:
# otherwise a client could forge both headers.
BEHIND_PROXY = proxy_count(os.environ.get("BEHIND_PROXY", "0"))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# A load balancer probes /healthz over plain http from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
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

# The read-only API (api/): JSON only (no browsable pages, which would need inline script), paginated,
# throttled per token and per address in the cache, described by drf-spectacular's OpenAPI 3.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.PersonalTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerAddress", "api.throttling.PerToken"],
    "DEFAULT_THROTTLE_RATES": {
        "address": os.environ.get("API_RATE_PER_ADDRESS", "120/min"),
        "token": os.environ.get("API_RATE_PER_TOKEN", "600/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ASEAN plans tracker API",
    "DESCRIPTION": "Read-only: the plans, their matrices and the reports the caller may read.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
# How long a shared cache may keep a public progress page or open-data file (published/caching.py).
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("PUBLIC_PAGE_MAX_AGE", 300))

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins of one username from one
# address, that pair is refused for the cool-off period, with a page saying so (status 429).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 1))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "audit.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "audit.requests.client_ip"

# Two-factor sign-in (twofactor/): the co-chairs, the WG chair, the ASEAN Secretariat, administrators and
# superusers must give a code from an authenticator app (or a recovery code) after their password, and
# anyone who has set it up is asked for one too. On whenever DEBUG is off unless TWO_FACTOR_REQUIRED=false
# (bin/serve waives it for the demo and says so; the test suite waives it and its own tests turn it on).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "ASEAN plans tracker"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # an app's secret is shown once, to its owner, at set-up
# After n wrong codes in a row the next is refused for factor × 2^(n-1) seconds (django-otp's throttling):
# 1 s after the first, over 8 minutes after the tenth, so a million codes cannot be tried.
OTP_TOTP_THROTTLE_FACTOR = OTP_STATIC_THROTTLE_FACTOR = int(os.environ.get("TWO_FACTOR_THROTTLE_SECONDS", 1))

# The dashboard keeps its counts in the cache (see dashboard/cache.py), and password resets are
# throttled there. With REDIS_URL set, the cache is Redis, shared by every server; with CACHE_DIR, a
# directory that every gunicorn worker of one machine shares; without either, each process keeps its
# own in memory (tests, bin/serve). Sessions and login throttling (django-axes) are in the database,
# so they hold across servers whatever the cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tracker",
        }
    }
elif os.environ.get("CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }


# --- Background tasks (Celery) --------------------------------------------------------------------
# Documents that take seconds to build (the annual report's xlsx) and periodic work run in a worker
# (`bin/worker`), with Redis as the broker. Without a broker (bin/serve, the tests) tasks run in the
# process that asks for them, so a first run needs no Redis. See config/celery.py.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True  # a task's outcome is written to the database, where pages read it
# A task is acknowledged only once it has finished, and handed to another worker if its worker dies:
# so tasks are written to be run twice without a second visible effect.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long Redis keeps a task taken by a worker before giving it to another one: longer than the
# longest task, as a task still running past it would be started a second time.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 3600))}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "clean-import-previews": {"task": "workplan.tasks.clean_import_previews", "schedule": 3600},
    # Immediate emails whose task was lost or gave up while the mail server was down.
    "send-pending-notifications": {"task": "notifications.tasks.send_pending", "schedule": 300},
    "reporting-cycle-calendar": {"task": "reporting.tasks.run_cycle_calendar",
                                 "schedule": crontab(hour=os.environ.get("REMINDER_HOUR", "6"), minute=0)},
    "send-digests": {"task": "notifications.tasks.send_digests",
                     "schedule": crontab(hour=os.environ.get("DIGEST_HOUR", "7"), minute=0)},
}
# Reminders to bodies with outstanding reports go this many days before a cycle's deadline, and after it.
REMINDER_DAYS_BEFORE = [int(day) for day in env_list("REMINDER_DAYS_BEFORE", "14,3")]
REMINDER_DAYS_AFTER = [int(day) for day in env_list("REMINDER_DAYS_AFTER", "1,7,14,30")]
# A confirmed import of more rows than this is written by the worker, with a page that follows it.
IMPORT_IN_REQUEST_ROWS = int(os.environ.get("IMPORT_IN_REQUEST_ROWS", 2000))
# An import preview not confirmed within this many hours is deleted with its file.
IMPORT_PREVIEW_HOURS = int(os.environ.get("IMPORT_PREVIEW_HOURS", 24))

# --- Logging and error reports --------------------------------------------------------------------
# Everything goes to stderr, which gunicorn, systemd or the container collects; each line of a request
# carries its request id (also on the 500 page and in the X-Request-ID header), its path and user.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "audit.requests.RequestLogFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "server": {
            "format": "%(asctime)s %(levelname)s %(name)s [request=%(request_id)s path=%(path)s user=%(user_id)s] %(message)s",
        },
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "server", "filters": ["request"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["request", "require_debug_false"]},
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # A 500 reaches stderr (with its traceback) and, where ADMINS and email are configured, the admins.
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "ERROR", "propagate": False},
        "django.server": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # its start-up banner would open every command's output
        "weasyprint": {"level": "WARNING"},  # a line per page laid out, hundreds per annual report
        "fontTools": {"level": "WARNING"},
    },
}
# ADMINS="Ana <ana@example.org>, ops@example.org": who gets an email with the traceback of every 500.
ADMINS = [parseaddr(item) for item in env_list("ADMINS")]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "tracker@localhost")
# The site's address as people reach it, for the links in emails (which have no request to take it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The mail server (notifications, password reset, errors to ADMINS): the submission port with STARTTLS
# unless told otherwise. Without EMAIL_HOST (bin/serve, the tests) mail is written to the console and
# no password reset is offered.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", SERVER_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 20))
if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Optional: unhandled errors (of the site and of the worker) also go to Sentry. Nothing personal is
# sent: no cookies, no user names, no form data.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", 0)),
    )
