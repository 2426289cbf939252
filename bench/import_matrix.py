"""Benchmark: importing the matrix from a spreadsheet, in rows per second, and refusing hostile files.

    DATABASE_URL=… python bench/import_matrix.py        (SQLite by default)

Runs in a throwaway test database: (1) the shipped full matrix into the plan without its matrix,
(2) the same file again (nothing changes), (3) a synthetic matrix of 10,000 new activities spread
over the 30 action lines. Each figure is the best of the runs asked for (--repeat).

Then (4) a CSV of 1,000,000 junk rows and (5) an xlsx of about 1 MB that unpacks to 1 GB, each read
in a fresh Python process (as a server worker would) that reports how long the refusal took and
the process's peak resident memory (VmHWM, or getrusage's maxrss; Django and the file included).
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.environment import prepare  # noqa: E402

prepare()

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


def junk_csv(path, rows=1_000_000):
    with open(path, "wb") as out:
        out.write(",".join(sheet.MATRIX_COLUMNS).encode() + b"\n")
        out.write(b"x\n" * rows)  # 2 MB


def unzips_to_a_gigabyte(path, size=1024**3):
    """A real workbook whose sheet is followed by a gigabyte of rows, written without holding it in memory."""
    book = openpyxl.Workbook()
    book.active.append(sheet.MATRIX_COLUMNS)
    small = io.BytesIO()
    book.save(small)
    source = zipfile.ZipFile(small)
    row = b"<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
    chunk = row * (1024 * 1024 // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with archive.open(name, "w", force_zip64=True) as part:
                part.write(head)
                for _ in range(size // len(chunk)):
                    part.write(chunk)
                part.write(b"</sheetData>" + tail)


def refuse(path):
    """Run in a fresh process: read the file as an upload is read, and report what the refusal cost."""
    from workplan.spreadsheets import SpreadsheetError

    content = Path(path).read_bytes()
    started = time.perf_counter()
    try:
        read_dataset(content=content, filename=Path(path).name)
        outcome = "accepted"
    except SpreadsheetError as error:
        outcome = str(error)
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "peak_bytes": peak_memory(), "outcome": outcome, "size": len(content)}))


def peak_memory():
    """This process's peak resident memory. Linux's VmHWM is the process's own; getrusage's maxrss can
    carry over the parent's peak through fork and exec, when the parent's was larger."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) * 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def refusals():
    with tempfile.TemporaryDirectory() as folder:
        for label, name, make in [
            ("CSV of 1,000,000 junk rows", "junk.csv", junk_csv),
            ("xlsx that unpacks to 1 GB", "bomb.xlsx", unzips_to_a_gigabyte),
        ]:
            path = Path(folder) / name
            make(path)
            child = subprocess.run(
                [sys.executable, __file__, "--refuse", str(path)], capture_output=True, text=True, check=True
            )
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            print(
                f"{'refusal':10} {label:42} {figures['size'] / 1e6:6.1f} MB {figures['seconds']:7.2f} s "
                f"{figures['peak_bytes'] / 1e6:6.0f} MB peak   {figures['outcome'][:90]}"
            )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--refuse", help=argparse.SUPPRESS)  # the child process of the refusal figures
    parser.add_argument("--refusals-only", action="store_true")
    args = parser.parse_args()
    if args.refuse:
        return refuse(args.refuse)
    if args.refusals_only:
        return refusals()
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
    refusals()


if __name__ == "__main__":
    main()
