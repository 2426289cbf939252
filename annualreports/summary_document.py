"""The chair's annual summary report to SOMTC on a plan of action as an official document (PoA PCRVE
"Reporting and review" 4: the Chair of the SOMTC WG on CT; ACPoA on CT §21: the Lead Shepherd on CT
with the ASEAN Secretariat): the chair's own text, the figures national.summary compiles, every answer
quoted with its state, the good practices, and the sectoral bodies' input on the plan's provisions
(§20.4) where the activity reports of a work plan implementing it touch them.

`compile` freezes all of it as plain JSON values: every rendering (`render_html`, `render_pdf`,
`render_docx`) reads only that snapshot, so a report changed after signing alters no signed version.
"""

from django.template.loader import render_to_string

from monitoring import roles as monitoring_roles
from monitoring.models import ActivityReport
from national import roles as national_roles
from national.models import FocalPoint, ProvisionEntry
from national.summary import Summary
from reporting.sensitivity import UP_THE_LINE

from . import kinds_rendering as rendering

SLUG = "summary"

SECTIONS = (
    ("overview", "Overview", "The year in a few paragraphs: who reported, what moved, what stands out."),
    ("conclusions", "Conclusions", "What the national reports show about the plan's implementation."),
    ("recommendations", "Recommendations to SOMTC", "What the chair asks SOMTC to note, decide or take up."),
)

# Who writes the summary, as the plan's own text says it. The ACPoA on CT (§21) gives it to the Lead
# Shepherd on CT with the ASEAN Secretariat; the PoA PCRVE (and any other plan of action) to the Chair
# of the SOMTC Working Group on Counter Terrorism.
AUTHORS = {
    "acpoa-ct": "the Lead Shepherd on Counter Terrorism with the ASEAN Secretariat",
}
DEFAULT_AUTHOR = "the Chair of the SOMTC Working Group on Counter Terrorism"

ANSWERS = (("national_measures", "measures"), ("laws_and_policies", "laws and policies"),
           ("challenges", "challenges"), ("assistance_needed", "needs"))


def author_of(plan):
    return AUTHORS.get(plan.slug, DEFAULT_AUTHOR)


def title(plan, year):
    return f"Summary report {year} on the implementation of the {plan.short_name}"


def applies_to(plan):
    return not plan.is_work_plan


def _entry(entry):
    return {
        "state_id": entry.report.member_state_id,
        "state": entry.report.member_state.name,
        "status": entry.status,
        "status_label": entry.get_status_display(),
        **{name: getattr(entry, name) for name, _ in ANSWERS},
        "assistance_theme": entry.get_assistance_theme_display() if entry.assistance_needed else "",
        "good_practice": entry.good_practice,
    }


def _sectoral_input(plan, year):
    """{provision pk: [activity reports]} of the work plans implementing `plan`, reported in the same
    year, on matrix lines that say which provision they implement (ActionLine.implements). One query."""
    rows = (
        ActivityReport.objects.reported()
        .filter(cycle__plan__implements=plan, cycle__year=year, activity__focus_area__action_line__implements__isnull=False)
        .values_list("activity__focus_area__action_line__implements", "activity__code", "activity__text",
                     "implementing_body__abbreviation", "implementation_status", "assessment", "cycle__plan__short_name")
        .order_by("activity__code", "implementing_body__position")
    )
    labels = {value: str(label) for value, label in ActivityReport.Status.choices}
    result = {}
    for provision, code, text, body, status, assessment, work_plan in rows:
        result.setdefault(provision, []).append({
            "code": code, "activity": text, "body": body, "status": labels.get(status, "") or "—",
            "assessment": assessment, "work_plan": work_plan})
    return result


def compile(plan, cycle, text=None):
    """The summary of `plan`'s reporting `cycle` with the chair's `text` ({section name: text}) as a JSON
    snapshot: every name, date and figure its renderings show, and no moment of drawing (the same
    reports compile to the same snapshot, whose digest a signature checks)."""
    text = text or {}
    summary = Summary.of(cycle, marks=UP_THE_LINE)  # confidential answers never go up the reporting line
    sectoral = _sectoral_input(plan, cycle.year)
    areas, good_practices = [], []
    for area in summary.areas:
        provisions = []
        for provision in area.provisions:
            entries = [_entry(entry) for entry in provision.entries]
            provisions.append({"number": provision.provision.number, "text": provision.provision.text,
                               "entries": entries, "sectoral": sectoral.get(provision.provision.pk, [])})
            good_practices += [{"area": area.area.number, "provision": provision.provision.number,
                                "state_id": e["state_id"], "state": e["state"], "text": e["good_practice"]}
                               for e in entries if e["good_practice"].strip()]
        areas.append({"number": area.area.number, "name": str(area.area), "provisions": provisions})
    assistance = [
        {"theme": theme.theme, "label": str(theme.label), "provisions": [
            {"number": provision.number, "text": provision.text,
             "entries": [{"state_id": e.report.member_state_id, "state": e.report.member_state.name,
                          "text": e.assistance_needed} for e in entries]}
            for provision, entries in theme.provisions]}
        for theme in summary.assistance
    ]
    return {
        "kind": SLUG,
        "plan": rendering.plan_dict(plan),
        "cycle": {"year": cycle.year, "deadline": cycle.deadline.isoformat()},
        "title": title(plan, cycle.year),
        "author": author_of(plan),
        "text": {name: text.get(name, "") for name, _, _ in SECTIONS},
        "status_choices": [{"status": status, "label": str(label)} for status, label in ProvisionEntry.Status.choices],
        "reports": [{"state_id": r.member_state_id, "state": r.member_state.name, "shared": r.shared_with_member_states,
                     "submitted_on": r.submitted_at.date().isoformat() if r.submitted_at else None}
                    for r in summary.reports],
        "not_reported": [state.name for state in summary.not_reported],
        "who_reported": summary.who_reported,
        "areas": areas,
        "assistance": assistance,
        "good_practices": good_practices,
        "sectoral_work_plans": sorted({item["work_plan"] for items in sectoral.values() for item in items}),
        "narrowed_to": None,
    }


# Reading ------------------------------------------------------------------------------------------

def may_read_full(user, plan=None):
    """The chair (Lead Shepherd), the Secretariat, administrators and the MTF co-chairs read every answer."""
    return national_roles.can_see_all(user) or monitoring_roles.is_cochair(user)


def readable_states(snapshot, user):
    """The states whose answers a focal point reads: their own, and those that shared their report."""
    own = set(FocalPoint.objects.member_state_ids_of(user))
    if not own:
        return set()
    return own | {report["state_id"] for report in snapshot["reports"] if report["shared"]}


def narrow(snapshot, user):
    """The snapshot as `user` may read it: whole for a full reader (or no reader: what SOMTC receives);
    for a focal point, the answers, needs and good practices of their own state and of the states that
    shared their report, the figures counting those answers only."""
    if user is None or may_read_full(user):
        return snapshot
    states = readable_states(snapshot, user)
    keep = lambda items: [item for item in items if item["state_id"] in states]  # noqa: E731
    areas = [{**area, "provisions": [{**p, "entries": keep(p["entries"])} for p in area["provisions"]]}
             for area in snapshot["areas"]]
    assistance = []
    for theme in snapshot["assistance"]:
        provisions = [{**p, "entries": keep(p["entries"])} for p in theme["provisions"]]
        provisions = [p for p in provisions if p["entries"]]
        if provisions:
            assistance.append({**theme, "provisions": provisions})
    names = [report["state"] for report in snapshot["reports"] if report["state_id"] in states]
    return {**snapshot, "areas": areas, "assistance": assistance, "good_practices": keep(snapshot["good_practices"]),
            "narrowed_to": names}


# Rendering ----------------------------------------------------------------------------------------

def _counts(entries, choices):
    counted = {}
    for entry in entries:
        counted[entry["status"]] = counted.get(entry["status"], 0) + 1
    return [counted.get(choice["status"], 0) for choice in choices]


def context(snapshot):
    """What the templates and the Word file draw: the snapshot with its figures counted from its answers."""
    choices = snapshot["status_choices"]
    rows = []
    for area in snapshot["areas"]:
        entries = [e for p in area["provisions"] for e in p["entries"]]
        rows.append({"name": area["name"], "number": area["number"], "counts": _counts(entries, choices)})
    every = [e for area in snapshot["areas"] for p in area["provisions"] for e in p["entries"]]
    assistance = [{**theme, "count": sum(len(p["entries"]) for p in theme["provisions"])} for theme in snapshot["assistance"]]
    sectoral = sum(len(p["sectoral"]) for area in snapshot["areas"] for p in area["provisions"])
    return {
        "doc": snapshot, "assistance": assistance, "sections": rendering.sections(SECTIONS, snapshot["text"]), "figures": rows,
        "total": _counts(every, choices), "deadline": rendering.day(snapshot["cycle"]["deadline"]),
        "sectoral_count": sectoral,
        "contents": [("overview", "Overview"), ("figures", "Summary"), ("conclusions", "Conclusions"),
                     ("recommendations", "Recommendations to SOMTC"), ("good-practices", "Good practices"),
                     ("assistance", "Assistance needed"),
                     *((f"area-{area['number']}", area["name"]) for area in snapshot["areas"])],
    }


def render_html(snapshot, *, reader=None, standalone=False, signature_line=""):
    doc = narrow(snapshot, reader)
    template = "annualreports/kinds/summary_pdf.html" if standalone else "annualreports/kinds/_summary.html"
    return render_to_string(template, {**context(doc), "signature_line": signature_line})


def render_pdf(snapshot, *, reader=None, signature_line=""):
    from builds.pdf import pdf_of

    return pdf_of(render_html(snapshot, reader=reader, standalone=True, signature_line=signature_line))


def render_docx(snapshot, *, reader=None, signature_line=""):
    doc = narrow(snapshot, reader)
    ctx = context(doc)
    plan = doc["plan"]
    word = rendering.WordDocument(doc["title"], plan["title"])
    word.paragraph(f"Annual summary report of {doc['author']} to SOMTC, compiled from the national reports of the "
                   f"ASEAN Member States. Reporting cycle {doc['cycle']['year']}, deadline {ctx['deadline']}.")
    if signature_line:
        word.paragraph(signature_line)
    if doc["narrowed_to"] is not None:
        word.paragraph(_narrowed_line(doc))
    word.contents(ctx["contents"])
    sections = dict((name, (label, body)) for name, label, body in ctx["sections"])
    word.text_section(*sections["overview"])
    word.heading("Summary", 1)
    word.paragraph(doc["who_reported"])
    word.table([plan["area_label"].capitalize(), *(c["label"] for c in doc["status_choices"])],
               [[row["name"], *row["counts"]] for row in ctx["figures"]] + [[f"All {plan['area_label_plural']}", *ctx["total"]]])
    word.paragraph(f"Each figure counts {plan['provision_label_plural']} × reporting Member States.")
    word.text_section(*sections["conclusions"])
    word.text_section(*sections["recommendations"])
    word.heading("Good practices", 1)
    for item in doc["good_practices"]:
        word.bullet(f"{item['state']}, {plan['provision_label']} {item['provision']}: “{item['text']}”")
    if not doc["good_practices"]:
        word.paragraph("No Member State shared a good practice in its report.")
    word.heading("Assistance needed", 1)
    for theme in ctx["assistance"]:
        word.heading(f"{theme['label']} ({theme['count']} request{'' if theme['count'] == 1 else 's'})", 2)
        for provision in theme["provisions"]:
            word.bullet(f"{provision['number']} {provision['text']}")
            for entry in provision["entries"]:
                word.bullet(f"{entry['state']}: “{entry['text']}”", level=2)
    if not doc["assistance"]:
        word.paragraph("No Member State asked for assistance in its report.")
    for area in doc["areas"]:
        word.heading(area["name"], 1)
        for provision in area["provisions"]:
            word.heading(f"{provision['number']} {provision['text']}", 2)
            word.paragraph(_reported_by(provision))
            for entry in provision["entries"]:
                quoted = [f"{label}: “{entry[name]}”" for name, label in ANSWERS if entry[name]]
                if quoted:
                    word.quote(entry["state"], " — " + " — ".join(quoted))
            for item in provision["sectoral"]:
                word.bullet(f"{item['code']} ({item['body']}, {item['work_plan']}): {item['status'].lower()}"
                            + (f" — “{item['assessment']}”" if item["assessment"] else ""))
    return word.bytes()


def _reported_by(provision):
    reported = ", ".join(f"{e['state']} ({e['status_label'].lower()})" for e in provision["entries"])
    return f"Reported by {reported}." if reported else "No Member State reported."


def _narrowed_line(doc):
    names = ", ".join(doc["narrowed_to"]) or "none"
    return f"The answers shown are those of the Member States whose reports you may read: {names}."


KIND = dict(
    slug=SLUG, title=title, sections=SECTIONS, applies_to=applies_to, compile=compile, render_html=render_html,
    render_docx=render_docx, render_pdf=render_pdf, writers=lambda user, plan: national_roles.can_review(user),
    signers=lambda user, plan: national_roles.can_review(user) or national_roles.can_see_all(user),
    signatures_needed=1, may_read_full=may_read_full, narrow=narrow, freezes_on="signature",
)

