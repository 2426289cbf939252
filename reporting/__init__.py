"""The machinery every kind of report shares: the reporting cycle and the reports it expects, the
versioned report with its workflow, documents and history, the access function and the permissions.
It knows no report kind: the activity reports (monitoring) and the national reports (national) sit
on top of it."""
