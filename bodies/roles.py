"""The role group that goes with a seat in a sectoral body. Its name lives here, below every app,
because a body's seat (`Membership`) counts only for someone who is also in this group: the seat
querysets ask for it (reporting.roles names it for the apps above)."""

STAFF = "Secretariat staff"
