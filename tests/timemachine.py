"""Today, frozen: `frozen_today(date)` makes every `timezone.localdate()` of the code answer `date`
(the pages' "today"); the calendar's functions take `today` as an argument instead."""

import pytest
from django.utils import timezone


@pytest.fixture
def frozen_today(monkeypatch):
    real = timezone.localdate

    def freeze(day):
        monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: day if value is None else real(value, timezone))

    return freeze
