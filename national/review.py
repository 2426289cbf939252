"""The compiled three-yearly review of a plan of action: the progress matrix (Member State ×
provision × year, with how each status moved) and what changed since the last review. Built from
the national reports sent in the period, in a fixed number of queries whatever the plan's size."""

from dataclasses import dataclass, field

import tablib

from bodies.models import MemberState
from workplan.models import ActionLine
from workplan.spreadsheets import neutralise

from reporting.sensitivity import marks_in_every_report

from .models import STATUS_RANK, NationalReport, ProvisionEntry

SHORT = {"implemented": "I", "in_progress": "IP", "planned": "P", "not_started": "NS", "not_applicable": "NA", "": "–"}


def movement(before, after):
    """"rose", "fell" or "same" between two statuses; "" when either has no place in the ranking."""
    if before not in STATUS_RANK or after not in STATUS_RANK:
        return ""
    difference = STATUS_RANK[after] - STATUS_RANK[before]
    return "rose" if difference > 0 else "fell" if difference < 0 else "same"


@dataclass
class Cell:
    """One Member State on one provision over the period: its status each year ("" if not reported)."""

    statuses: list

    @property
    def shown(self):
        return [(status, SHORT[status], ProvisionEntry.Status(status).label if status else "not reported")
                for status in self.statuses]

    @property
    def movement(self):
        ranked = [status for status in self.statuses if status in STATUS_RANK]
        return movement(ranked[0], ranked[-1]) if len(ranked) > 1 else ""


@dataclass
class Change:
    member_state: MemberState
    provision: ActionLine
    before: str
    after: str

    @property
    def before_label(self):
        return ProvisionEntry.Status(self.before).label

    @property
    def after_label(self):
        return ProvisionEntry.Status(self.after).label


@dataclass
class NewMeasure:
    member_state: MemberState
    provision: ActionLine
    year: int
    text: str


@dataclass
class CompiledReview:
    review: object
    states: list
    areas: list  # (area, [(provision, [Cell per state])])
    previous: object  # the last review, or None
    baseline_year: int  # the year "since the last review" compares with
    rose: list = field(default_factory=list)
    fell: list = field(default_factory=list)
    new_measures: list = field(default_factory=list)

    hidden: int = 0  # answers left out: their reader may not read them (reporting.sensitivity)

    @classmethod
    def of(cls, review, reader=None):
        """The review as `reader` may read it: the answers of a mark they may not read in every report are
        left out (counted in `hidden`). No reader: public answers only."""
        marks = marks_in_every_report(reader, NationalReport)
        previous = review.previous()
        # Since the last review: its last year against this period's latest; without one, the period's first year.
        baseline_year = previous.last_year if previous else review.first_year
        states = list(MemberState.objects.all())
        provisions = list(ActionLine.objects.filter(plan_id=review.plan_id).select_related("priority_area")
                          .order_by("priority_area__number", "position"))
        answers = {}  # (state, provision) → {year: (status, measures)}
        sent = ProvisionEntry.objects.filter(
            report__cycle__plan_id=review.plan_id, report__state__in=NationalReport.sent_states(),
            report__cycle__year__gte=previous.first_year if previous else review.first_year,
            report__cycle__year__lte=review.last_year,
        )
        rows = (
            sent.filter(sensitivity__in=marks).values_list("report__member_state_id", "provision_id", "report__cycle__year", "status", "national_measures")
        )
        for state_id, provision_id, year, status, measures in rows:
            answers.setdefault((state_id, provision_id), {})[year] = (status, measures)
        compiled = cls(review, states, [], previous, baseline_year)
        if len(marks) < len(ProvisionEntry.Sensitivity.values):
            compiled.hidden = sent.exclude(sensitivity__in=marks).count()
        for provision in provisions:
            if not compiled.areas or compiled.areas[-1][0].pk != provision.priority_area_id:
                compiled.areas.append((provision.priority_area, []))
            cells = []
            for state in states:
                by_year = answers.get((state.pk, provision.pk), {})
                cells.append(Cell([by_year.get(year, ("", ""))[0] for year in review.years]))
                compiled._compare(state, provision, by_year, baseline_year)
            compiled.areas[-1][1].append((provision, cells))
        return compiled

    def _compare(self, state, provision, by_year, baseline_year):
        before = [year for year in by_year if year <= baseline_year]
        after = [year for year in by_year if baseline_year < year <= self.review.last_year]
        if not after:
            return
        latest = max(after)
        status, measures = by_year[latest]
        old_status, old_measures = by_year[max(before)] if before else ("", "")
        direction = movement(old_status, status)
        if direction == "rose":
            self.rose.append(Change(state, provision, old_status, status))
        elif direction == "fell":
            self.fell.append(Change(state, provision, old_status, status))
        if measures.strip() and measures.strip() != old_measures.strip():
            self.new_measures.append(NewMeasure(state, provision, latest, measures))


def review_databook(compiled):
    """The progress matrix and the changes as a workbook."""
    review = compiled.review
    matrix = tablib.Dataset(
        headers=["Member State", review.plan.provision_label.capitalize(), *map(str, review.years), "Movement"],
        title="Progress matrix",
    )
    for _, provisions in compiled.areas:
        for provision, cells in provisions:
            for state, cell in zip(compiled.states, cells):
                matrix.append([state.name, provision.number, *(label for _, _, label in cell.shown), cell.movement])
    changes = tablib.Dataset(headers=["Member State", review.plan.provision_label.capitalize(), "Before", "Now", "Moved"],
                             title="Changes")
    for direction, entries in (("rose", compiled.rose), ("fell", compiled.fell)):
        for change in entries:
            changes.append([change.member_state.name, change.provision.number, change.before_label, change.after_label, direction])
    measures = tablib.Dataset(headers=["Member State", review.plan.provision_label.capitalize(), "Year", "New measure"],
                              title="New measures")
    for measure in compiled.new_measures:
        measures.append([measure.member_state.name, measure.provision.number, measure.year, neutralise(measure.text)])
    findings = tablib.Dataset(headers=["Findings", "Recommendations"], title="Findings")
    findings.append([neutralise(review.findings), neutralise(review.recommendations)])
    return tablib.Databook([findings, matrix, changes, measures])
