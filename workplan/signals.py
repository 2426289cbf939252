from django.dispatch import Signal

# Sent by services.import_matrix after an import has written to the database (never for a dry run
# or a refused file), with `result` (the MatrixImportResult: its rows and totals), `plan`, `user` (or
# None), `source` (the file's name or path) and `content` (the file's bytes, or None when not at hand).
# The audit log listens, and the steering of the plan, which records the import as an amendment of the
# matrix citing its file; the matrix itself needs nobody to.
matrix_imported = Signal()

# Sent by the app that amends a work plan's matrix (steering) when an amendment is recorded (`step`
# "recorded") or applied ("applied"), with `amendment` (its model instance: str, pk, get_absolute_url),
# `plan`, `user` and `detail`. Sent from here, below both, so that the audit log hears it without
# knowing the app that sends it.
matrix_amended = Signal()
