from tests.dashboard.conftest import cochair_client, reported_plan  # noqa: F401 (shared fixtures)
