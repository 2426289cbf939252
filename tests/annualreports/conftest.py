from tests.dashboard.conftest import annual_workbook, cochair_client, reported_plan  # noqa: F401 (shared fixtures)
