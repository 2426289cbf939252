from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'workplan'

    def ready(self):
        from . import history  # noqa: F401 (gives the matrix's historical rows their reason)
