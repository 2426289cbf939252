from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "Read-only API"

    def ready(self):
        from . import schema  # noqa: F401 (describes the personal token in the OpenAPI document)
