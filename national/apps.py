from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs):
    from .roles import ensure_groups

    ensure_groups()


class NationalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "national"
    verbose_name = "Member States' national reports"

    def ready(self):
        # This app's permissions exist only once its own post_migrate has been sent (see monitoring.apps).
        post_migrate.connect(_ensure_role_groups, sender=self)
        from reporting import calendar
        from workplan.panels import register_panel

        from . import notices
        from .builders import register_builders
        from .cycles import NationalReports
        from .panels import assistance_link

        notices.register_audiences()
        calendar.register(NationalReports())
        register_builders()
        register_panel("national.assistance", assistance_link)
