from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annualreports"
    verbose_name = "The annual report to SOMTC and the AMMTC, signed off"

    def ready(self):
        from .builders import register_builders
        from .notices import register_audiences

        register_audiences()
        register_builders()
