"""Who may read one piece of a report: a document, a national answer, a report's narrative.

Each piece carries a mark: public (anyone), ASEAN restricted (the default: those who may read the
report) or confidential (those who write the report and those who read every report of its kind: a
national report's own state, the chair and the Secretariat; an activity report's body, the co-chairs).
`may_read` is the one access function every page, export, built document and email asks; this module
imports no report kind.

The mark says how far the text may go, not whether it is out yet: the public pages show only accepted
(acknowledged) reports, and a draft's public document is still a draft's.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import permissions


class Sensitivity(models.TextChoices):
    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("ASEAN restricted")
    CONFIDENTIAL = "confidential", _("Confidential")


HELP_TEXT = _("Public: anyone. ASEAN restricted: those who may read the report. "
              "Confidential: those who write the report, the chair and the ASEAN Secretariat.")


def sensitivity_field(verbose_name=_("sensitivity"), **kwargs):
    """The mark of one piece of a report: restricted unless someone decides otherwise."""
    kwargs.setdefault("help_text", HELP_TEXT)
    return models.CharField(verbose_name, max_length=12, choices=Sensitivity.choices,
                            default=Sensitivity.RESTRICTED, **kwargs)


def sensitivity_constraint(name, field="sensitivity"):
    """The database's own check of a mark (choices alone are not enforced)."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": Sensitivity.values}), name=name)


def reads_confidential(user, report):
    """Its writers and those who read every report of its kind (reporting.permissions.may_see_workflow);
    a kind that has no writers (a meeting) says who with its own `reads_confidential(user)`."""
    own = getattr(report, "reads_confidential", None)
    if own is not None:
        return own(user)
    return permissions.may_see_workflow(user, report)


def may_read(user, sensitivity, report):
    """Whether `user` may read a piece of `report` marked `sensitivity`: the one question every page,
    export, built document and email asks. An unknown mark is read as confidential."""
    if sensitivity == Sensitivity.PUBLIC:
        return True
    if not report.is_visible_to(user):
        return False
    if sensitivity == Sensitivity.RESTRICTED:
        return True
    return reads_confidential(user, report)


def readable_marks(user, report):
    """The marks of `report`'s pieces that `user` may read (`may_read` of each, the report's readers asked
    once rather than once per mark), for filtering a page's pieces or a queryset in SQL."""
    if not report.is_visible_to(user):
        return [Sensitivity.PUBLIC]
    if reads_confidential(user, report):
        return list(Sensitivity.values)
    return [Sensitivity.PUBLIC, Sensitivity.RESTRICTED]


def marks_in_every_report(user, model):
    """The marks `user` may read in every report of `model` at once, for a page that gathers many reports
    (a review, a dashboard, an export): all of them for one who reads every report of the kind (whom
    `may_read` lets read every mark of each), only the public ones for anyone else, on the safe side."""
    if user is not None and user.is_authenticated and permissions.reads_every_report(user, model):
        return list(Sensitivity.values)
    return [Sensitivity.PUBLIC]


class SensitiveQuerySet(models.QuerySet):
    """The queries of marked pieces (documents, answers)."""

    def public(self):
        return self.filter(sensitivity=Sensitivity.PUBLIC)

    def confidential(self):
        return self.filter(sensitivity=Sensitivity.CONFIDENTIAL)

    def readable_by(self, user, report):
        """The pieces of one report that `user` may read (asks `may_read` once per mark, not per piece)."""
        return self.filter(sensitivity__in=readable_marks(user, report))


def split_readable(pieces, marks, mark=lambda piece: piece.sensitivity):
    """(the pieces whose mark is among `marks` (readable_marks of the reader), how many were left out),
    for a page that says "1 confidential answer not shown"."""
    pieces = list(pieces)
    shown = [piece for piece in pieces if mark(piece) in marks]
    return shown, len(pieces) - len(shown)
