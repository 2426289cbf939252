"""The ministers' pack of a year (Work Plan §III.b and §III.g; PoA PCRVE and ACPoA on CT §21–22): what
goes up the reporting line that year, as one PDF with a contents list. The co-chairs' annual report on
each work plan, the chair's (or Lead Shepherd's) summary on each plan of action, then any three-yearly
review whose period ends that year.

Each part is the latest final version of its document drawn from its frozen snapshot by its kind's
`render_html`, whole, as SOMTC and the AMMTC receive it. A part nobody has signed yet is named in the
contents as "not yet signed" and drawn from nothing: the pack never shows live figures.

    parts_for(year)            # [Part], in the order of the pack
    assemble(year, parts)      # the pack as one HTML page for WeasyPrint
    render_pdf(html)           # … drawn as one PDF (the contents with page numbers)
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from builds.registry import Builder, register
from national.models import Review
from reporting.models import ReportingCycle
from reporting.permissions import is_administrator
from reporting.roles import COCHAIRS, SECRETARIAT, WG_CHAIR
from workplan.models import Plan

from . import kinds, services
from .models import Version

BUILD_KIND = "ministers-pack"
NOT_YET_SIGNED = "not yet signed"
PACK_STYLESHEET = "css/ministers-pack.css"
# The kinds a pack holds, in its order, with the plans each is written on. A kind's own `applies_to`
# still has the last word (a plan of action has no annual report of the co-chairs).
ANNUAL_REPORT, SUMMARY, REVIEW = "annual-report", "summary", "review"
READERS = (SECRETARIAT, COCHAIRS, WG_CHAIR)


@dataclass(frozen=True)
class Part:
    """One document of the pack: its heading, the line that says which version it is (or that none is
    signed), and its body drawn from the frozen snapshot ("" when not yet signed, or not asked for)."""

    heading: str
    status: str = NOT_YET_SIGNED
    html: str = ""
    anchor: str = ""
    signed: bool = False


def may_read_pack(user):
    """The Secretariat, the MTF co-chairs and the chair of the WG on CT (and administrators): those who
    read every part of it in full."""
    if not user.is_authenticated:
        return False
    return is_administrator(user) or user.groups.filter(name__in=READERS).exists()


def years():
    """The years a pack may be asked for: those of every plan's reporting cycles, latest first."""
    return sorted(set(ReportingCycle.objects.values_list("year", flat=True)), reverse=True)


def _slots(year):
    """[(kind slug, plan)] the pack of `year` holds, in order, whether or not they are signed."""
    plans = list(Plan.objects.filter(cycles__year=year).distinct().order_by("start_year", "pk"))
    slots = [(ANNUAL_REPORT, plan) for plan in plans if plan.is_work_plan]
    slots += [(SUMMARY, plan) for plan in plans if not plan.is_work_plan]
    reviewed = set(Review.objects.filter(last_year=year).values_list("plan_id", flat=True))
    reviewed |= set(Version.objects.final().filter(document__kind=REVIEW, document__year=year)
                    .values_list("document__plan_id", flat=True))
    slots += [(REVIEW, plan) for plan in Plan.objects.filter(pk__in=reviewed).order_by("start_year", "pk")]
    return slots


def _latest_final_versions(year):
    """{(kind slug, plan id): the latest final version} of the documents of `year`, in one query."""
    latest = {}
    versions = (Version.objects.final().filter(document__year=year, document__kind__in=[ANNUAL_REPORT, SUMMARY, REVIEW])
                .select_related("document").order_by("document__kind", "document__plan_id", "number", "pk"))
    for version in versions:
        latest[(version.document.kind, version.document.plan_id)] = version  # the highest number last
    return latest


def parts_for(year, *, drawn=True):
    """The parts of `year`'s pack: each kind the year holds, its latest final version drawn from its
    snapshot (or, not `drawn`, only named with its status line: the pack's page lists them so)."""
    latest = _latest_final_versions(year)
    parts = []
    for index, (slug, plan) in enumerate(_slots(year), start=1):
        try:
            kind = kinds.get(slug)
        except LookupError:  # no app registers it: listed, never drawn
            parts.append(Part(heading=f"{slug.replace('-', ' ').capitalize()} {year}, {plan.short_name}"))
            continue
        if not kind.applies_to(plan):
            continue
        heading = kind.title(plan, year)
        version = latest.get((slug, plan.pk))
        if version is None:
            parts.append(Part(heading=heading))
            continue
        snapshot = services.with_status(version.snapshot, version, kind)
        parts.append(Part(heading=heading, status=snapshot["status_line"], anchor=f"part-{index}",
                          signed=True,
                          html=kind.render_html(snapshot, reader=None) if drawn else ""))
    return parts


def assemble(year, parts):
    """The pack as one HTML page: a cover with the contents list (each signed part linked, so that
    WeasyPrint writes its page number), then each signed part from a new page."""
    return render_to_string("official/ministers_pack_pdf.html", {
        "year": year, "parts": [{"part": part, "html": mark_safe(part.html)} for part in parts],
        "signed": sum(part.signed for part in parts)})


def render_pdf(html):
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML  # needs Pango: imported only where a PDF is drawn

    from builds.pdf import PDF_STYLESHEET

    stylesheets = [CSS(filename=finders.find(name)) for name in (PDF_STYLESHEET, PACK_STYLESHEET)]
    return HTML(string=html).write_pdf(stylesheets=stylesheets)


def filename(year):
    return f"ministers-pack-{year}.pdf"


# Built by the worker --------------------------------------------------------------------------------------

def anchor_plan(year):
    """The plan a build of `year`'s pack is filed under (a build belongs to a plan): the first work plan
    reporting that year, else the first plan; None if no plan has a cycle that year."""
    plans = Plan.objects.filter(cycles__year=year).distinct().order_by("start_year", "pk")
    return plans.filter(kind=Plan.Kind.WORK_PLAN).first() or plans.first()


def check(plan, params):
    year = params.get("cycle")
    if year is None or params.get("priority_area") or params.get("body") or params.get("version") is not None \
            or not plan.cycles.filter(year=year).exists():
        raise ValidationError("A ministers' pack is of a year only.")


def build(document_build):
    year = document_build.params["cycle"]
    return filename(year), render_pdf(assemble(year, parts_for(year)))


def may_have(user, document_build):
    return may_read_pack(user)


def register_pack():
    register(BUILD_KIND, Builder("Ministers' pack (PDF)", build, may_have, check))
