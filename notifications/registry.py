"""Who may be told of what. Each app that sends emails registers, in its AppConfig.ready(), the
audiences of its events: the mailer itself knows no report kind and no role."""

from dataclasses import dataclass
from typing import Callable

from .models import Event


@dataclass(frozen=True)
class Audience:
    """People who may receive `events`: those for whom `includes(user)` is true."""

    name: str
    events: frozenset
    includes: Callable


_audiences: dict[str, Audience] = {}


def register_audience(name, *, events, includes):
    """Offer `events` to everyone `includes(user)` accepts. Registering a name again replaces it."""
    _audiences[name] = Audience(name=name, events=frozenset(events), includes=includes)


def events_for(user):
    """The events `user` can be told of, in `Event`'s order: what their email settings offer."""
    events = set()
    for audience in _audiences.values():
        if not audience.events <= events and audience.includes(user):
            events |= audience.events
    return [event for event in Event if event in events]
