"""What one caller may read of the reports on a page of the API, asked of reporting.sensitivity.may_read:
once per kind of reader position rather than once per report, so a page of fifty reports costs a few
queries, not fifty."""

from reporting.sensitivity import Sensitivity, readable_marks


def _position(report):
    """What may_read's answer depends on besides the user: the report's kind, whose report it is (its body
    or its state), its state and whether it is shared."""
    owner = getattr(report, "implementing_body_id", None) or getattr(report, "member_state_id", None)
    return type(report), owner, report.state, getattr(report, "shared_with_member_states", False)


class Reader:
    def __init__(self, user):
        self.user = user
        self._marks = {}

    def marks(self, report):
        """The marks of `report`'s pieces this caller may read. A report not readable in full (only public
        to them) gives the public mark alone, and only once published."""
        if not getattr(report, "readable_in_full", False):
            return {Sensitivity.PUBLIC} if getattr(report, "is_published", False) else set()
        key = _position(report)
        if key not in self._marks:
            self._marks[key] = set(readable_marks(self.user, report))
        return self._marks[key]

    def may_read(self, report, sensitivity):
        return sensitivity in self.marks(report)

    def documents_of(self, report):
        marks = self.marks(report)
        return [document for document in report.documents.all() if document.sensitivity in marks]
