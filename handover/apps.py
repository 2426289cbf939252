from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs):
    from .roles import ensure_groups

    ensure_groups()


class HandoverConfig(AppConfig):
    """When a plan ends: what is still open, and its carrying over into the successor plan."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "handover"
    verbose_name = "Hand-over of ended plans"

    def ready(self):
        # The role groups need this app's permissions, which exist only after migrate: grant them then.
        post_migrate.connect(_ensure_role_groups, sender=self)
        from workplan.panels import register_panel

        from .panels import carried_from, carried_into, handover_link

        register_panel("handover.link", handover_link)
        register_panel("handover.carried_into", carried_into, page="provision")
        register_panel("handover.carried_from", carried_from, page="activity")
