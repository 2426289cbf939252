"""A plan's final report once it has ended (Plan.has_ended): every reporting cycle's rates (the one
definition of each figure, reporting.figures), the performance indicators against their targets over
the whole period (monitoring.indicators), what was done in each area, and the recommendations (or, for a
plan of action, the requests for assistance) still open when it ended.

`compile` freezes all of it as plain JSON values; every rendering reads only that snapshot.
"""

from collections import Counter

from django.template.loader import render_to_string

from monitoring import indicators as monitoring_indicators
from monitoring import roles as monitoring_roles
from monitoring.models import ActivityReport
from national import roles as national_roles
from national.models import AssistanceRequest, NationalReport, ProvisionEntry
from reporting.figures import figures_by_cycle
from workplan.models import Activity

from . import kinds_rendering as rendering

SLUG = "final-report"

SECTIONS = (
    ("assessment", "Overall assessment", "What the plan achieved over its whole period."),
    ("lessons", "Lessons learnt", "What worked, what did not, and why."),
    ("recommendations", "Recommendations for the successor plan", "What the next plan should carry on or do differently."),
)


def title(plan, year=None):
    return f"Final report on the implementation of the {plan.short_name}, {plan.period}"


def applies_to(plan):
    return plan.has_ended()


def _percent(part, whole):
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _cycles(plan, report_model):
    cycles = list(plan.cycles.order_by("year"))
    figures = figures_by_cycle(cycles, report_model)
    return [{"year": cycle.year, "expected": f.expected, "received": f.received, "on_time": f.on_time,
             "received_rate": _percent(f.received, f.expected), "on_time_rate": _percent(f.on_time, f.expected)}
            for cycle, f in ((cycle, figures[cycle.pk]) for cycle in cycles)]


def _indicators(plan):
    result = []
    for performance in monitoring_indicators.performances(monitoring_indicators.indicators_of(plan)):
        overall = performance.overall
        value = _actual_text(overall.actual)
        result.append({
            "activity": performance.indicator.measured_activity.code, "text": str(performance.indicator),
            "unit": performance.indicator.unit, "target": str(overall.target_display or "—"), "actual": value or "—",
            "on_track": {True: "on track", False: "off track", None: "no target"}[overall.on_track],
        })
    return result


def _actual_text(actual):
    """A figure as written ("12"), or whether a yes/no or milestone was reached; "" when nothing was reported."""
    if actual is None:
        return ""
    if actual.value is not None:
        return f"{actual.value.normalize():f}"
    if actual.reached is not None:
        return "reached" if actual.reached else "not reached"
    return ""


def _work_plan_areas(plan):
    """Per area: the activities, those reported at least once, and the latest reported status of each."""
    activities = Counter(Activity.objects.filter(plan=plan).values_list(
        "focus_area__action_line__priority_area__number", flat=True))
    latest = {}
    rows = (ActivityReport.objects.reported().filter(cycle__plan=plan)
            .values_list("activity", "activity__focus_area__action_line__priority_area__number", "cycle__year",
                         "implementation_status").order_by("cycle__year"))
    for activity, area, year, status in rows:
        latest[activity] = (area, status)
    labels = {value: str(label) for value, label in ActivityReport.Status.choices}
    areas = []
    for area in plan.priority_areas.order_by("number"):
        statuses = Counter(labels.get(status, "No status") for number, status in latest.values() if number == area.number)
        reported = sum(statuses.values())
        areas.append({"number": area.number, "name": str(area), "provisions": activities.get(area.number, 0),
                      "reported": reported, "statuses": [[label, count] for label, count in sorted(statuses.items())]})
    return areas


def _plan_of_action_areas(plan):
    """Per area: the provisions, and the statuses the Member States gave them in their latest sent report."""
    provisions = Counter(plan.action_lines.values_list("priority_area__number", flat=True))
    latest = {}
    rows = (ProvisionEntry.objects.filter(report__cycle__plan=plan, report__state__in=NationalReport.sent_states())
            .values_list("report__member_state", "provision", "provision__priority_area__number", "report__cycle__year",
                         "status").order_by("report__cycle__year"))
    for state, provision, area, year, status in rows:
        latest[state, provision] = (area, status)
    labels = {value: str(label) for value, label in ProvisionEntry.Status.choices}
    areas = []
    for area in plan.priority_areas.order_by("number"):
        statuses = Counter(labels.get(status, "Not answered") for number, status in latest.values() if number == area.number)
        areas.append({"number": area.number, "name": str(area), "provisions": provisions.get(area.number, 0),
                      "reported": sum(statuses.values()), "statuses": [[label, count] for label, count in sorted(statuses.items())]})
    return areas


def _open(plan):
    if plan.is_work_plan:
        rows = (ActivityReport.objects.filter(cycle__plan=plan).with_open_recommendations()
                .values_list("activity__code", "implementing_body__abbreviation", "cycle__year", "recommendations")
                .order_by("activity__code", "cycle__year"))
        return [{"code": code, "who": body, "year": year, "text": text} for code, body, year, text in rows]
    rows = (AssistanceRequest.objects.not_delivered(plan)
            .values_list("entry__provision__number", "entry__report__member_state__name", "entry__report__cycle__year",
                         "need"))
    return [{"code": number, "who": state, "year": year, "text": need} for number, state, year, need in rows]


def compile(plan, year=None, text=None):
    """The final report's snapshot of `plan` (its `year`, the last, is only the engine's key)."""
    text = text or {}
    work_plan = plan.is_work_plan
    return {
        "kind": SLUG,
        "plan": {**rendering.plan_dict(plan), "period": plan.period, "work_plan": work_plan,
                 "ended": str(plan.status_label())},
        "title": title(plan),
        "text": {name: text.get(name, "") for name, _, _ in SECTIONS},
        "cycles": _cycles(plan, ActivityReport if work_plan else NationalReport),
        "indicators": _indicators(plan) if work_plan else [],
        "areas": _work_plan_areas(plan) if work_plan else _plan_of_action_areas(plan),
        "open": _open(plan),
        "open_label": "Recommendations still open" if work_plan else "Requests for assistance not yet delivered",
    }


def may_read_full(user, plan=None):
    """Those who read the plan's reports in full: the co-chairs, the chair, the Secretariat, administrators."""
    return (national_roles.can_see_all(user) or monitoring_roles.can_see_all_reports(user)
            or monitoring_roles.is_administrator(user))


def narrow(snapshot, user):
    return snapshot if user is None or may_read_full(user) else None


def context(snapshot):
    work_plan = snapshot["plan"]["work_plan"]
    return {"doc": snapshot, "sections": rendering.sections(SECTIONS, snapshot["text"]),
            "unit_label": "Activities" if work_plan else snapshot["plan"]["provision_label_plural"].capitalize(),
            "reported_label": "Reported on" if work_plan else "Answers in the latest reports",
            "contents": [("assessment", "Overall assessment"), ("cycles", "Reporting cycles"),
                         *((("indicators", "Performance indicators"),) if work_plan else ()),
                         ("areas", f"What was done per {snapshot['plan']['area_label']}"),
                         ("open", snapshot["open_label"]), ("lessons", "Lessons learnt"),
                         ("recommendations", "Recommendations for the successor plan")]}


def render_html(snapshot, *, reader=None, standalone=False, signature_line=""):
    doc = narrow(snapshot, reader)
    if doc is None:
        return ""
    template = "annualreports/kinds/final_report_pdf.html" if standalone else "annualreports/kinds/_final_report.html"
    return render_to_string(template, {**context(doc), "signature_line": signature_line})


def render_pdf(snapshot, *, reader=None, signature_line=""):
    from builds.pdf import pdf_of

    return pdf_of(render_html(snapshot, reader=reader, standalone=True, signature_line=signature_line))


def render_docx(snapshot, *, reader=None, signature_line=""):
    doc = narrow(snapshot, reader)
    if doc is None:
        raise PermissionError("This reader may not read the document.")
    ctx = context(doc)
    sections = {name: (label, text) for name, label, text in ctx["sections"]}
    word = rendering.WordDocument(doc["title"], doc["plan"]["title"])
    word.paragraph(f"{doc['plan']['short_name']}, {doc['plan']['period']}: {doc['plan']['ended']}.")
    if signature_line:
        word.paragraph(signature_line)
    word.contents(ctx["contents"])
    word.text_section(*sections["assessment"])
    word.heading("Reporting cycles", 1)
    word.table(["Cycle", "Expected", "Received", "Rate", "On time", "Rate"],
               [[c["year"], c["expected"], c["received"], c["received_rate"], c["on_time"], c["on_time_rate"]]
                for c in doc["cycles"]])
    if doc["plan"]["work_plan"]:
        word.heading("Performance indicators", 1)
        word.table(["Activity", "Indicator", "Target", "Actual", "Standing"],
                   [[i["activity"], i["text"], i["target"], f"{i['actual']} {i['unit']}".strip(), i["on_track"]]
                    for i in doc["indicators"]])
    word.heading(f"What was done per {doc['plan']['area_label']}", 1)
    for area in doc["areas"]:
        word.heading(area["name"], 2)
        word.paragraph(f"{ctx['unit_label']}: {area['provisions']}; {ctx['reported_label'].lower()}: {area['reported']}.")
        for label, count in area["statuses"]:
            word.bullet(f"{label}: {count}")
    word.heading(doc["open_label"], 1)
    for item in doc["open"]:
        word.bullet(f"{item['code']} · {item['who']} · {item['year']}: {item['text']}")
    if not doc["open"]:
        word.paragraph("None.")
    word.text_section(*sections["lessons"])
    word.text_section(*sections["recommendations"])
    return word.bytes()


def signs(user, plan):
    """The MTF co-chairs sign a work plan's final report; the chair (Lead Shepherd) a plan of action's."""
    return monitoring_roles.is_cochair(user) if plan.is_work_plan else national_roles.can_review(user)


KIND = dict(
    slug=SLUG, title=title, sections=SECTIONS, applies_to=applies_to, compile=compile, render_html=render_html,
    render_docx=render_docx, render_pdf=render_pdf,
    writers=lambda user, plan: signs(user, plan) or user.has_perm("national.change_review"),
    signers=lambda user, plan: signs(user, plan),
    signatures_needed=1, may_read_full=may_read_full, narrow=narrow, freezes_on="signature",
)
