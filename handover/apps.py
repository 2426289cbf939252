from django.apps import AppConfig


class HandoverConfig(AppConfig):
    """When a plan ends: what is still open, and its carrying over into the successor plan."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "handover"
    verbose_name = "Hand-over of ended plans"
