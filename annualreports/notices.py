"""What a signature on the annual report tells the other co-chairs by email."""

from monitoring.roles import cochairs, is_cochair
from notifications.models import Event
from notifications.registry import register_audience
from notifications.services import name_of, notify


def register_audiences():
    register_audience("annualreports.cochairs", events={Event.ANNUAL_REPORT_SIGNED}, includes=is_cochair)


def version_signed(version, *, user):
    """The first signature asks the other co-chairs for theirs; the second says the version is final."""
    cycle = version.cycle
    title = f"{cycle.plan.short_name} annual report {cycle.year}, version {version.number}"
    if version.is_signed:
        subject = f"Signed off: {title}"
        lines = [f"{name_of(user)} gave the second signature: version {version.number} of the {cycle.year} annual report "
                 "is signed off and frozen.", "Its PDF and Word files are on its page."]
    else:
        subject = f"Awaiting your signature: {title}"
        lines = [f"{name_of(user)} signed version {version.number} of the {cycle.year} annual report off.",
                 # The reason for a new version is the co-chairs' restricted text: on its page, not in an email.
                 *(["Why there is a new version is said on its page."] if version.reason else []),
                 "It becomes final when the other co-chair signs it too; a change to the co-chairs' text withdraws it."]
    notify(users=cochairs(), exclude=user, event=Event.ANNUAL_REPORT_SIGNED, url=version.get_absolute_url(),
           subject=subject, lines=lines)
