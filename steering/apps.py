from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs):
    from .roles import ensure_groups

    ensure_groups()


class SteeringConfig(AppConfig):
    """The MTF steering its plan (Work Plan §III.b, §IV): amendments of the matrix decided in meetings,
    the matrix's history and the plan as adopted beside the plan now."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "steering"
    verbose_name = "Steering of the plans"

    def ready(self):
        # The role groups need the permissions, which exist only after migrate: create them then.
        post_migrate.connect(_ensure_role_groups, sender=self)
        from workplan.panels import register_panel

        from . import receivers  # noqa: F401 (records a matrix import as an amendment)
        from .panels import steering_links

        register_panel("steering.links", steering_links)
