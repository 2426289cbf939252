"""Benchmark: signing an official document (the annual report) at scale 1× (or as asked).

    DATABASE_URL=… python bench/signing.py [--scales 1] [--repeat 5]

For each scale, a throwaway test database gets the Work Plan, its cycles and the synthetic reports;
then, for the current cycle's annual report: opening it for signing (the figures compiled, their digest
taken), the first signature (the document's row locked, the figures compiled again and compared, the
snapshot frozen and saved) and the second (the version signed; its files are the worker's, not timed).
The median of `repeat` runs is printed, each run a new version after the text changed.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.environment import at_each_scale, prepare  # noqa: E402

prepare()

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from demo.synthetic import generate  # noqa: E402
from official import kinds, services  # noqa: E402
from reporting.models import ReportingCycle  # noqa: E402


def run(scale, repeat):
    call_command("load_plans", verbosity=0)
    call_command("load_cycles", verbosity=0)
    generated = generate(scale=scale)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    services.request_files = lambda version, user: None  # the files are built by the worker, apart
    first, second = User.objects.get(username="mtf-cochair-1"), User.objects.get(username="mtf-cochair-2")
    cycle = ReportingCycle.objects.current()
    annual = kinds.get("annual-report")
    print(f"\n{connection.vendor} scale {scale}×: {generated.reports} reports; the {cycle.year} annual report")
    opened, signed_first, signed_second = [], [], []
    for run_number in range(repeat):
        document = services.document_for(annual, cycle.plan, cycle.year)
        services.save_text(document, first, {"executive_summary": f"Run {run_number}."})
        document = services.document_for(annual, cycle.plan, cycle.year)
        started = time.perf_counter()
        number, digest = services.open_for_signing(document)
        opened.append(time.perf_counter() - started)
        started = time.perf_counter()
        version = services.sign(document, first, read_digest=digest, read_number=number,
                                reason=f"Run {run_number}.")
        signed_first.append(time.perf_counter() - started)
        started = time.perf_counter()
        services.sign(services.document_for(annual, cycle.plan, cycle.year), second, read_digest=version.digest,
                      read_number=version.number)
        signed_second.append(time.perf_counter() - started)
    for label, times in (("open for signing", opened), ("first signature", signed_first),
                         ("second signature", signed_second)):
        print(f"  {label:18} median {1000 * statistics.median(times):8.1f} ms  (max {1000 * max(times):.1f} ms)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    at_each_scale(args.scales, lambda scale: run(scale, args.repeat))


if __name__ == "__main__":
    main()
