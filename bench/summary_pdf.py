"""Benchmark: the chair's summary report of the ACPoA on CT (eleven states, 77 measures at 1×) as a PDF
and a Word file from its snapshot, and the first screen of the summary's and the review's pages.

    DATABASE_URL=… python bench/summary_pdf.py [--scales 1 10] [--requests 5]

For each scale, a throwaway test database gets the plans, their cycles and the synthetic reports of
`generate_scale_data`; then, for the latest cycle with national reports sent, the summary's snapshot is
compiled (`annualreports.summary_document.compile`) and drawn as PDF (WeasyPrint) and Word, each timed
once as the worker would; and the summary's page (one area, the default) and a review's page (the
plan's first three years, one area) are requested through the test client as an administrator, the
median server time and the number of SQL queries printed.
"""

import argparse
import json
import os
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
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from annualreports import summary_document  # noqa: E402
from bench.queries import count_queries  # noqa: E402
from demo.synthetic import generate, generate_in_apps  # noqa: E402
from national import services  # noqa: E402
from national.models import NationalReport, ProvisionEntry, Review  # noqa: E402
from reporting.models import ReportingCycle  # noqa: E402
from workplan.models import Plan  # noqa: E402

PLAN = "acpoa-ct"
DUMP = os.environ.get("SUMMARY_SNAPSHOT_TO")  # a file to keep the snapshot in, to draw it again without the data


def timed(action):
    """(wall ms, CPU ms, result): the CPU time is what the worker spends whatever else shares the machine."""
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    return 1000 * (time.perf_counter() - started), 1000 * (time.process_time() - cpu), result


def median_ms(action, repeat):
    action()  # warm: connection, template and statement caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def page(client, url):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response
    return get


def run(scale, repeat):
    call_command("load_plans", verbosity=0)
    call_command("load_cycles", verbosity=0)
    call_command("load_national_cycles", verbosity=0)
    generate(scale=scale)
    for _line in generate_in_apps(scale=scale):
        pass
    plan = Plan.objects.get(slug=PLAN)
    # The cycle with most reports sent (the latest at that): the fullest summary.
    fullest = (NationalReport.objects.sent().filter(cycle__plan=plan).order_by().values("cycle__year")
               .annotate(n=Count("pk")).order_by("-n", "-cycle__year").values_list("cycle__year", flat=True).first())
    cycle = ReportingCycle.objects.get(plan=plan, year=fullest)
    reports = NationalReport.objects.sent().filter(cycle=cycle).count()
    answers = ProvisionEntry.objects.filter(report__cycle=cycle, report__state__in=NationalReport.sent_states()).count()
    print(f"\nscale {scale}×: {plan.short_name} {cycle.year}, {reports} national reports sent, "
          f"{plan.action_lines.count()} {plan.provision_label_plural}, {answers} answers")
    compile_ms, compile_cpu, snapshot = timed(lambda: summary_document.compile(plan, cycle, {"overview": "Benchmark."}))
    if DUMP:
        Path(DUMP).write_text(json.dumps(snapshot))
    pdf_ms, pdf_cpu, pdf = timed(lambda: summary_document.render_pdf(snapshot))
    docx_ms, docx_cpu, docx = timed(lambda: summary_document.render_docx(snapshot))
    print(f"  {'summary snapshot':24} once {compile_ms:8.0f} ms  (CPU {compile_cpu:.0f} ms)")
    print(f"  {'summary PDF':24} once {pdf_ms:8.0f} ms  (CPU {pdf_cpu:.0f} ms, {len(pdf) // 1024} kB); "
          f"with the snapshot {compile_ms + pdf_ms:.0f} ms (CPU {compile_cpu + pdf_cpu:.0f} ms)")
    print(f"  {'summary Word':24} once {docx_ms:8.0f} ms  (CPU {docx_cpu:.0f} ms, {len(docx) // 1024} kB)")
    client = Client()
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-admin", "bench@example.org", "bench")
    client.force_login(admin)
    pages = [("summary page (area 1)", f"/plans/{PLAN}/national-reports/summary/?cycle={cycle.year}")]
    review = Review.objects.filter(plan=plan).first()
    if review is None:
        review = services.start_review(plan=plan, first_year=cycle.year - 2, last_year=cycle.year, user=admin)
    pages.append((f"review page {review.period}", f"/reviews/{review.pk}/"))
    for label, url in pages:
        get = page(client, url)
        queries = count_queries(get)
        print(f"  {label:24} median {median_ms(get, repeat):8.0f} ms  {queries:3} queries")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    at_each_scale(args.scales, lambda scale: run(scale, args.requests))


if __name__ == "__main__":
    main()
