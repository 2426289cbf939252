from django.dispatch import Signal

# Sent by services.import_matrix after an import has written to the database (never for a dry run
# or a refused file), with `result` (the MatrixImportResult), `user` (or None) and `source` (the
# file's name). The audit log listens; the matrix itself needs nobody to.
matrix_imported = Signal()
