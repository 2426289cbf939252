"""The annual report's figures and entries are compiled from the reports (annual_report.py, documents.py);
its co-chairs' text and its signed versions are an official document (the `official` app, kind
"annual-report"), where every document that goes up the reporting line is written, signed and frozen.
The two tables this app had for them were copied there (official 0002) and dropped (0003)."""


def version_file_path(version, filename):
    """Where the signed versions' files were kept: migrations 0001 and 0002 still name it."""
    return f"annual-reports/{version.cycle_id}/v{version.number}/{filename}"
