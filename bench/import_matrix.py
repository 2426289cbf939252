"""Benchmark: importing the matrix from a spreadsheet, in rows per second.

    DATABASE_URL=… python bench/import_matrix.py        (SQLite by default)

Runs in a throwaway test database: (1) the shipped full matrix into the plan without its matrix,
(2) the same file again (nothing changes), (3) a synthetic matrix of 10,000 new activities spread
over the 30 action lines. Each figure is the best of the runs asked for (--repeat).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from workplan import spreadsheets as sheet  # noqa: E402
from workplan.models import Activity, ActionLine, FocusArea, Output, Plan  # noqa: E402
from workplan.services import import_matrix  # noqa: E402
from workplan.spreadsheets import read_dataset  # noqa: E402

SHIPPED = ROOT / "fixtures" / "bali-work-plan.xlsx"


def strip_matrix():
    Output.objects.all().delete()
    Activity.objects.all().delete()
    FocusArea.objects.all().delete()
    lines = ActionLine.objects.filter(plan__slug="bali-work-plan")
    for line in lines:
        line.relevant_bodies.clear()
    lines.update(matrix_text="", relevant_bodies_note="")


def synthetic(rows):
    # The plans of action the work plan implements have lines of the same numbers: only the work plan's.
    lines = list(ActionLine.objects.filter(plan__slug="bali-work-plan").select_related("priority_area"))
    book = openpyxl.Workbook()
    book.active.append(sheet.MATRIX_COLUMNS)
    for n in range(rows):
        line = lines[n % len(lines)]
        values = {
            sheet.PRIORITY_AREA: f"{line.priority_area.number}. {line.priority_area.title}",
            sheet.ACTION_LINE: f"{line.number}. {line.matrix_text or line.text}",
            sheet.RELEVANT_BODIES: "SOMTC, AICHR",
            sheet.FOCUS_AREA: f"Synthetic focus area {n // 300 % 10 + 1} of {line.number}",
            sheet.ACTIVITY: f"Synthetic regional workshop number {n}",
            sheet.OUTPUTS: f"Recommendations of workshop {n}\nReport of workshop {n}",
            sheet.LEAD_BODIES: "SOMTC",
        }
        book.active.append([values.get(column, "") for column in sheet.MATRIX_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(label, content, name, prepare, repeat):
    best = None
    for _ in range(repeat):
        prepare()
        started = time.perf_counter()
        dataset = read_dataset(content=content, filename=name)
        result = import_matrix(plan=Plan.objects.get(slug="bali-work-plan"), dataset=dataset, dry_run=False)
        elapsed = time.perf_counter() - started
        assert not result.has_errors, result.error_messages()[:5]
        best = elapsed if best is None else min(best, elapsed)
    rows = len(result.rows)
    print(f"{connection.vendor:10} {label:42} {rows:6} rows {best:7.2f} s {rows / best:8.0f} rows/s  {result.totals}")
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_plans", verbosity=0)
        shipped = SHIPPED.read_bytes()
        timed("full matrix into an empty matrix", shipped, SHIPPED.name, strip_matrix, args.repeat)
        timed("full matrix again (nothing changes)", shipped, SHIPPED.name, lambda: None, args.repeat)
        strip_matrix()
        big = synthetic(args.rows)
        timed(f"synthetic {args.rows:,}-activity matrix", big, "synthetic.xlsx", strip_matrix, max(1, args.repeat - 2))
    finally:
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main()
