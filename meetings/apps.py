from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Meetings and their decisions"

    def ready(self):
        from workplan.panels import register_panel

        from .panels import decisions_about

        register_panel("meetings.decisions", decisions_about)
