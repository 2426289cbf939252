"""Models of the steering app."""

from django.db import models  # noqa: F401
