from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "MTF dashboard and annual M&E report"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers that keep the cache current)
