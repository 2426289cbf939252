from django.dispatch import Signal

# Sent by services.import_matrix after an import has written to the database (never for a dry run
# or a refused file), with `result` (the MatrixImportResult), `user` (or None) and `source` (the
# file's name). The audit log listens; the matrix itself needs nobody to.
matrix_imported = Signal()

# Sent by workplan.indicators after an indicator or a target is set, adjusted or withdrawn, with
# `instance`, `user`, `reason` and `what` (a few words: "target adjusted"). The audit log listens.
indicator_changed = Signal()
