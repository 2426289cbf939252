"""Models of the handover app."""

from django.db import models  # noqa: F401
