from tests.monitoring.conftest import draft, world  # noqa: F401  (fixtures: the monitoring world)
