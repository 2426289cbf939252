"""Who may receive the emails of the annual report's signatures (sent by the official documents engine)."""

from monitoring.roles import is_cochair
from notifications.models import Event
from notifications.registry import register_audience


def register_audiences():
    register_audience("annualreports.cochairs", events={Event.ANNUAL_REPORT_SIGNED}, includes=is_cochair)
