from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Invented monitoring data: the demo reports `bin/serve` loads, and the synthetic data of the benchmarks."""

    name = "demo"
    verbose_name = "Demo and synthetic data"
