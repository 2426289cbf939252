"""What the workflow tells the apps above it, which register their listeners (emails, the dashboard's
cache): reporting knows no report kind and no listener. Sent inside the step's transaction, so that
what a listener writes (an email in the outbox) stands or falls with the step."""

from django.dispatch import Signal

# sender: the report model; report, step ("submit", "return", "accept", "reopen", "share"), user, comment
step_taken = Signal()
# sender: the comment model; comment
comment_posted = Signal()
# sender: the report model; report, user, changes ([(what, from mark or parts, to mark or parts)]): who
# may read a piece of it changed (reporting.sensitivity), which the audit log records.
marks_changed = Signal()
