"""The three-yearly review of a plan of action as an official document (PoA PCRVE "Reporting and
review" 5–6; ACPoA on CT §22.2): the ASEAN Secretariat's findings and recommendations, the progress
matrix national.review compiles, and what changed since the last review, grouped by area and by
Member State with counts. Submitted to SOMTC by the Secretariat (its signature freezes the version)
and made final by the AMMTC's endorsement.

`compile` freezes all of it as plain JSON values; every rendering reads only that snapshot.
"""

from django.template.loader import render_to_string

from national import roles as national_roles
from national.review import KINDS_OF_CHANGE, SHORT, SORTS, CompiledReview, group_changes
from reporting.sensitivity import UP_THE_LINE

from . import kinds_rendering as rendering

SLUG = "review"

SECTIONS = (
    ("findings", "Findings", "What the national reports of the period show, area by area."),
    ("recommendations", "Recommendations", "What the Secretariat recommends to SOMTC and the AMMTC."),
)


def title(plan, year_or_period):
    return f"Review of the {plan.short_name}, {year_or_period}"


def applies_to(plan):
    return not plan.is_work_plan


def compile(plan, review, text=None):
    """The review's snapshot: the period, the matrix (status per state, provision and year), and every
    change since the last review with the area and state it belongs to. Confidential answers never go up
    the reporting line."""
    compiled = CompiledReview.of(review, marks=UP_THE_LINE)
    text = text if text is not None else {"findings": review.findings, "recommendations": review.recommendations}
    areas = []
    for area, provisions in compiled.areas:
        rows = []
        for provision, cells in provisions:
            rows.append({"number": provision.number, "text": provision.text,
                         "cells": [{"statuses": cell.statuses, "movement": cell.movement} for cell in cells]})
        areas.append({"number": area.number, "name": str(area), "provisions": rows})
    changes = compiled.change_rows()
    return {
        "kind": SLUG,
        "plan": rendering.plan_dict(plan),
        "title": title(plan, review.period),
        "review": {"first_year": review.first_year, "last_year": review.last_year, "period": review.period,
                   "years": review.years},
        "previous": compiled.previous.period if compiled.previous else None,
        "baseline_year": compiled.baseline_year,
        "text": {name: (text.get(name) or "") for name, _, _ in SECTIONS},
        "states": [{"name": state.name, "code": state.code} for state in compiled.states],
        "areas": areas,
        "changes": changes,
        "counts": {kind: sum(1 for c in changes if c["kind"] == kind) for kind, _ in KINDS_OF_CHANGE},
    }


def groups(snapshot, by, sort="order"):
    """What changed grouped `by` "area" or "state" (national.review.group_changes), in the plan's order
    (areas by number, states by name) or, `sort="count"`, most changes first."""
    if by == "area":
        order = [(area["number"], area["name"]) for area in snapshot["areas"]]
    else:
        order = [(state["name"], state["name"]) for state in snapshot["states"]]
    return group_changes(snapshot["changes"], by, order, sort)


def may_read_full(user, plan=None):
    """The chair, the Secretariat and administrators read a review (national.view_review)."""
    return user.has_perm("national.view_review") or national_roles.is_administrator(user)


def narrow(snapshot, user):
    """No partial reading: a review is read whole or not at all."""
    return snapshot if user is None or may_read_full(user) else None


def context(snapshot, sort="order"):
    sort = sort if sort in SORTS else "order"
    by_area, by_state = groups(snapshot, "area", sort), groups(snapshot, "state", sort)
    short = {status: letters for status, letters in SHORT.items()}
    matrix = [{**area, "rows": [{**row, "cells": [{**cell, "shown": [(s, short.get(s, "–")) for s in cell["statuses"]]}
                                                  for cell in row["cells"]]} for row in area["provisions"]]}
              for area in snapshot["areas"]]
    since = (f"the last review ({snapshot['previous']})" if snapshot["previous"]
             else f"{snapshot['baseline_year']}, the first year of the period")
    return {"doc": snapshot, "sections": rendering.sections(SECTIONS, snapshot["text"]), "by_area": by_area,
            "by_state": by_state, "tally": [(name, snapshot["counts"][kind]) for kind, name in KINDS_OF_CHANGE], "since": since,
            "matrix": matrix, "groupings": [(f"By {snapshot['plan']['area_label']}", by_area), ("By Member State", by_state)],
            "contents": [("findings", "Findings"), ("recommendations", "Recommendations"),
                         ("changes", f"What changed since {since}"), ("matrix", "Progress matrix")]}


def render_html(snapshot, *, reader=None, standalone=False, sort="order", signature_line=""):
    doc = narrow(snapshot, reader)
    if doc is None:
        return ""
    template = "annualreports/kinds/review_pdf.html" if standalone else "annualreports/kinds/_review.html"
    return render_to_string(template, {**context(doc, sort), "signature_line": signature_line})


def render_pdf(snapshot, *, reader=None, signature_line=""):
    from builds.pdf import pdf_of

    return pdf_of(render_html(snapshot, reader=reader, standalone=True, signature_line=signature_line))


def _change_line(change, provision_label):
    where = f"{change['state']}, {provision_label} {change['provision']}"
    if change["kind"] == "new_measure":
        return f"{where} ({change['year']}): new measure “{change['text']}”"
    return f"{where}: {change['before']} → {change['after']}"


def render_docx(snapshot, *, reader=None, signature_line=""):
    doc = narrow(snapshot, reader)
    if doc is None:
        raise PermissionError("This reader may not read the document.")
    ctx = context(doc)
    plan = doc["plan"]
    word = rendering.WordDocument(doc["title"], plan["title"])
    word.paragraph(f"Compiled by the ASEAN Secretariat from the national reports the Member States sent for "
                   f"{doc['review']['period']}, for SOMTC and the AMMTC.")
    if signature_line:
        word.paragraph(signature_line)
    word.contents(ctx["contents"])
    for _, label, text in ctx["sections"]:
        word.text_section(label, text)
    word.heading(f"What changed since {ctx['since']}", 1)
    word.paragraph(", ".join(f"{label}: {doc['counts'][kind]}" for kind, label in KINDS_OF_CHANGE) + ".")
    for by, heading in (("by_area", f"By {plan['area_label']}"), ("by_state", "By Member State")):
        word.heading(heading, 2)
        word.table([heading[3:].capitalize(), *(label for _, label in KINDS_OF_CHANGE), "All"],
                   [[group["label"], *(group["counts"][kind] for kind, _ in KINDS_OF_CHANGE), group["total"]]
                    for group in ctx[by]])
    for group in ctx["by_area"]:
        word.heading(group["label"], 3)
        for change in group["changes"]:
            word.bullet(_change_line(change, plan["provision_label"]))
    word.heading("Progress matrix", 1)
    word.paragraph("Each cell: the status reported in " + ", ".join(map(str, doc["review"]["years"]))
                   + " — I implemented, IP in progress, P planned, NS not started, NA not applicable, – not reported.")
    for area in ctx["matrix"]:
        word.heading(area["name"], 2)
        word.table([plan["provision_label"].capitalize(), *(state["code"] for state in doc["states"])],
                   [[row["number"], *(" ".join(letters for _, letters in cell["shown"])
                                      + {"rose": " ↑", "fell": " ↓"}.get(cell["movement"], "") for cell in row["cells"])]
                    for row in area["rows"]])
    return word.bytes()


KIND = dict(
    slug=SLUG, title=title, sections=SECTIONS, applies_to=applies_to, compile=compile, render_html=render_html,
    render_docx=render_docx, render_pdf=render_pdf,
    writers=lambda user, plan: user.has_perm("national.change_review"),
    signers=lambda user, plan: user.has_perm("national.change_review"),  # the Secretariat submits
    signatures_needed=1, may_read_full=may_read_full, narrow=narrow, freezes_on="endorsement",
)
