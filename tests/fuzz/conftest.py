"""Hypothesis settings for the fuzz tests, and the monitoring world they post into.

The profile "fuzz" is sized for CI (the whole directory in a few minutes on two cores); set
FUZZ_PROFILE=fuzz-long to search much longer on a workstation, or FUZZ_PROFILE=fuzz-quick to see a
failure at once, unshrunk (shrinking a failure can take Hypothesis up to five minutes). No example
database is kept: the tests must not leave a .hypothesis directory in the checkout, and a failure
prints the input that reproduces it anyway.
"""

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

from tests.factories import MemberStateFactory
from tests.monitoring.conftest import draft, world  # noqa: F401  (fixtures shared with the monitoring tests)

# Hypothesis also caches Unicode tables and constants of the code under test, in ./.hypothesis unless
# told otherwise; outside the checkout they cannot be committed by mistake.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "baliworkplan-hypothesis")

COMMON = dict(
    database=None,
    deadline=None,
    # Each example runs in the test's transaction and rolls its own savepoint back, so sharing the
    # function-scoped database fixture between examples is intended.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile("fuzz", max_examples=100, **COMMON)
settings.register_profile("fuzz-long", max_examples=2000, **COMMON)
settings.register_profile("fuzz-quick", max_examples=60, phases=[Phase.explicit, Phase.generate], **COMMON)
settings.load_profile(os.environ.get("FUZZ_PROFILE", "fuzz"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member_states(db):
    return MemberStateFactory.create_batch(3)
