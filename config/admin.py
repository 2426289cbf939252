"""The admin site's changelists, made safe against dates no calendar holds.

Django's date hierarchy turns `?at__year=…&at__month=…&at__day=…` into a range of datetimes and lets
an absurd year (0, 10^20, 9999 whose next year is 10000) escape as OverflowError or ValueError: a
500, on SQLite and PostgreSQL alike. Every registered ModelAdmin, third-party ones (axes) included,
gets a changelist that refuses such dates as a wrong filter (the admin's own "?e=1" page) instead.
"""

from datetime import datetime, timedelta

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

# Year 1 and 9999 are refused too: shifted to UTC from the site's time zone they leave the calendar.
FIRST_YEAR, LAST_YEAR = 2, 9998


def date_hierarchy_range(year, month=None, day=None):
    """The [from, to) naive datetimes the date hierarchy filters on, or IncorrectLookupParameters."""
    try:
        start = datetime(int(year), int(month or 1), int(day or 1))
        if day:
            end = start + timedelta(days=1)
        elif month:
            end = (start + timedelta(days=32)).replace(day=1)
        else:
            end = start.replace(year=start.year + 1)
    except (ValueError, OverflowError, TypeError) as error:
        raise IncorrectLookupParameters(error) from error
    if not FIRST_YEAR <= start.year <= LAST_YEAR or end.year > LAST_YEAR + 1:
        raise IncorrectLookupParameters(f"year {start.year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return start, end


class BoundedDateChangeList(ChangeList):
    def get_filters(self, request):
        if self.date_hierarchy:
            params = request.GET
            year = params.get(f"{self.date_hierarchy}__year")
            if year is not None:
                date_hierarchy_range(
                    year, params.get(f"{self.date_hierarchy}__month"), params.get(f"{self.date_hierarchy}__day")
                )
        return super().get_filters(request)


def bound_date_hierarchies(site):
    """Give every ModelAdmin registered on `site` with a date hierarchy the bounded changelist."""
    for model_admin in site._registry.values():
        if model_admin.date_hierarchy:
            model_admin.get_changelist = lambda request, **kwargs: BoundedDateChangeList
