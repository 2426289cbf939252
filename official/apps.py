import importlib

from django.apps import AppConfig

# The kinds written in annualreports (a layer below, which may not import this app): each module, once it
# exists, offers `DOCUMENT_KIND`, a dict of DocumentKind's fields, and is registered here.
KIND_MODULES = ("annualreports.summary_document", "annualreports.review_document", "annualreports.final_report")


class OfficialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "official"
    verbose_name = "Official documents up the reporting line: written, signed, frozen and traced"

    def ready(self):
        from . import kinds
        from .kinds_annual import register_annual_report
        from .kinds_national import register_national_kinds
        from .pack import register_pack

        register_annual_report()
        for name in KIND_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as missing:
                if missing.name == name:
                    continue  # not written yet
                raise
            fields = getattr(module, "DOCUMENT_KIND", None)
            if fields is not None:
                kinds.register(fields if isinstance(fields, kinds.DocumentKind) else kinds.DocumentKind(**fields))
        register_national_kinds()
        register_pack()
