from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'workplan'

    def ready(self):
        from . import history  # noqa: F401 (gives the matrix's historical rows their reason)
        from . import page_cache

        page_cache.connect()  # the kept whole-plan matrix is dropped when the matrix changes
