"""The kinds of document the worker builds. Each app registers its own in its AppConfig.ready(): builds
itself knows no document kind."""

from dataclasses import dataclass
from typing import Callable

from django import forms


def takes_no_version(plan, params):
    if params.get("version") is not None:
        raise forms.ValidationError("Only the signed annual report has versions.")


@dataclass(frozen=True)
class Builder:
    label: str
    build: Callable  # (DocumentBuild) → (file name, bytes)
    may_have: Callable  # (user, DocumentBuild or None) → bool
    check: Callable = takes_no_version  # (plan, params) → None; ValidationError when the parameters name no document


_builders: dict[str, Builder] = {}


def register(kind, builder):
    """Make documents of `kind` (a key kept in DocumentBuild.kind) buildable. Registering again replaces it."""
    _builders[kind] = builder


def builder_of(kind):
    """The builder of `kind`; None for a kind no app registers."""
    return _builders.get(kind)


def choices():
    return [(kind, builder.label) for kind, builder in _builders.items()]
