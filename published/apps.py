from django.apps import AppConfig


class PublishedConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "published"
    verbose_name = "Public progress pages and open data"

    def ready(self):
        from workplan.panels import register_panel

        from .panels import activity_results_link, plan_results_link

        register_panel("published.results", plan_results_link)
        register_panel("published.activity_results", activity_results_link, page="activity")
