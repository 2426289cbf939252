from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs):
    from .roles import ensure_groups

    ensure_groups()


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"

    def ready(self):
        # The role groups need the permissions, which exist only after migrate: create them then.
        post_migrate.connect(_ensure_role_groups, sender=self)
        from reporting import calendar
        from workplan.panels import register_panel

        from .panels import participation_link

        from . import notices  # noqa: F401 (its listeners tell people of the workflow's steps)
        from . import services  # noqa: F401 (a report keeps the wording it was submitted against)
        from .cycles import ActivityReports

        notices.register_audiences()
        calendar.register(ActivityReports())
        register_panel("monitoring.participation", participation_link)
