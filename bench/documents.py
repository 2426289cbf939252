"""Benchmark: the annual report's PDF, as the worker builds it, at 1× and 10×, beside the previous code.

    DATABASE_URL=… python bench/documents.py [--scales 1 10] [--repeat 3] [--before REF] [--year 2024]

For each scale, a throwaway test database gets the Work Plan, its cycles and the synthetic reports of
`generate_scale_data`; the year's annual report is compiled into a snapshot (`documents.snapshot`,
what a signature freezes), then drawn as PDF the way the worker draws a version's file
(`documents.render_pdf`, which the official documents' annual-report kind calls) and, in turn with it so
that both meet the same load on the machine, by the templates and stylesheet of `--before` (a git
revision; by default the last one before the PDF was made lighter). Median wall-clock and CPU seconds are printed with the pages of each file:
the machine is shared, so the CPU time is the steadier figure. At scales above 1 each priority area's
PDF is drawn too (snapshot included): the split by area when the whole file would take over 30 s.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.environment import at_each_scale, prepare  # noqa: E402

prepare()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template import engines  # noqa: E402

from annualreports import annual_report as annual  # noqa: E402
from annualreports import documents  # noqa: E402
from demo.synthetic import generate  # noqa: E402
from reporting.models import ReportingCycle  # noqa: E402
from workplan.models import PriorityArea  # noqa: E402

BEFORE = "ec160019b2281f9c243eda8f48bbd68c0e99f829"  # the annual report's PDF before it was made lighter
PLAN = "bali-work-plan"


def at_revision(revision, path):
    return subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout


def previous_renderer(revision):
    """The PDF as `revision` drew it: its page template (with its include put in place) and stylesheet."""
    from weasyprint import CSS, HTML

    include = '{% include "annualreports/includes/_document.html" %}'
    page = at_revision(revision, "templates/annualreports/document_pdf.html")
    page = page.replace(include, at_revision(revision, "templates/annualreports/includes/_document.html"))
    template = engines["django"].from_string(page)
    stylesheet = CSS(string=at_revision(revision, "static/css/annual-report-document.css"))

    def render(doc):
        return HTML(string=template.render(documents._context(doc, None))).write_pdf(stylesheets=[stylesheet])
    return render


def pages(pdf):
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def timed(action):
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def row(label, runs, pdf):
    wall = statistics.median(run[0] for run in runs)
    cpu = statistics.median(run[1] for run in runs)
    print(f"  {label:44} {wall:7.2f} s wall {cpu:7.2f} s CPU {pages(pdf):5} pages {len(pdf) // 1024:6} kB", flush=True)
    return wall


def run(scale, repeat, revision, year):
    started = time.perf_counter()
    call_command("load_plans", verbosity=0)
    call_command("load_cycles", verbosity=0)
    generated = generate(scale=scale)
    cycle = ReportingCycle.objects.select_related("plan").get(plan__slug=PLAN, year=year)
    report = annual.for_cycle(cycle)
    print(f"\nscale {scale}×: {generated.reports} reports; the {year} annual report has {report.entries.count()} entries "
          f"(generated in {time.perf_counter() - started:.0f} s)", flush=True)
    (doc, took, cpu) = timed(lambda: documents.snapshot(annual.for_cycle(cycle)))
    print(f"  {'snapshot of the whole report':44} {took:7.2f} s wall {cpu:7.2f} s CPU", flush=True)
    old_render = previous_renderer(revision)
    old_runs, new_runs = [], []
    for _ in range(repeat):  # in turn, so that both meet the same load
        old_pdf, *old_time = timed(lambda: old_render(doc))
        old_runs.append(old_time)
        new_pdf, *new_time = timed(lambda: documents.render_pdf(doc))
        new_runs.append(new_time)
    row(f"before ({revision[:7]}): whole report's PDF", old_runs, old_pdf)
    whole = row("after: whole report's PDF", new_runs, new_pdf)
    if scale > 1:
        for area in PriorityArea.objects.filter(plan=cycle.plan).order_by("number"):
            (pdf, *took) = timed(lambda: documents.render_pdf(documents.snapshot(annual.for_cycle(cycle, priority_area=area))))
            row(f"after: priority area {area.number} only (with its snapshot)", [took], pdf)
    print(f"  the whole file {'passes' if whole > 30 else 'stays within'} 30 s", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default=BEFORE, help="git revision whose templates draw the 'before' PDF")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    at_each_scale(args.scales, lambda scale: run(scale, args.repeat, args.before, args.year))


if __name__ == "__main__":
    main()
