from tests.national.conftest import nat  # noqa: F401 (shared fixture)
