from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs):
    from .roles import ensure_groups

    ensure_groups()


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Meetings and their decisions"

    def ready(self):
        # The role groups need the permissions, which exist only after migrate: grant them then.
        post_migrate.connect(_ensure_role_groups, sender=self)
        from workplan.panels import register_panel

        from .panels import decisions_about, decisions_on

        register_panel("meetings.decisions", decisions_about)
        register_panel("meetings.decisions", decisions_on, page="provision")
        register_panel("meetings.decisions", decisions_on, page="activity")
