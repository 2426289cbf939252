from django.apps import AppConfig


class OfficialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "official"
    verbose_name = "Official documents up the reporting line: written, signed, frozen and traced"

    def ready(self):
        from .kinds_annual import register_annual_report
        from .kinds_national import register_national_kinds
        from .pack import register_pack

        register_annual_report()
        register_national_kinds()
        register_pack()
