"""The Chair of the SOMTC WG on CT's annual summary report to SOMTC on a plan of action (PoA PCRVE
"Reporting and review" 4; for the ACPoA on CT, the Lead Shepherd's annual report, §21): built from the
national reports sent in a cycle, in a fixed number of queries whatever the plan's size."""

from collections import Counter
from dataclasses import dataclass, field

import tablib
from django.db.models import Count

from bodies.models import MemberState
from workplan.models import ActionLine
from workplan.spreadsheets import neutralise
from workplan.wording import counted

from .models import NationalReport, ProvisionEntry

Status = ProvisionEntry.Status


def status_counts(entries):
    """(status, label, count) for every status, in the order of `ProvisionEntry.Status`, unanswered left out."""
    return counted_statuses(Counter(entry.status for entry in entries))


def counted_statuses(counts):
    return [(status, label, counts.get(status, 0)) for status, label in Status.choices]


@dataclass
class AreaFigures:
    """One line of the summary's table: an area and its statuses, counted in the database."""

    area: object
    statuses: list


@dataclass
class ProvisionSummary:
    provision: ActionLine
    entries: list = field(default_factory=list)  # one per reporting state, in the states' order

    @property
    def statuses(self):
        return status_counts(self.entries)

    @property
    def quoted(self):
        """The entries that say something beyond a status."""
        return [e for e in self.entries if e.national_measures or e.laws_and_policies or e.challenges or e.assistance_needed]


@dataclass
class AreaSummary:
    area: object
    provisions: list

    @property
    def statuses(self):
        return status_counts(entry for provision in self.provisions for entry in provision.entries)


@dataclass
class AssistanceTheme:
    theme: str
    label: str
    provisions: list  # (provision, [entries])

    @property
    def count(self):
        return sum(len(entries) for _, entries in self.provisions)


@dataclass
class Summary:
    plan: object
    cycle: object
    reports: list  # sent, in the states' order
    not_reported: list  # MemberState
    areas: list  # those shown: every area, or the one asked for
    assistance: list  # the requests of the areas shown
    figures: list = field(default_factory=list)  # AreaFigures of every area, whichever are shown
    area: object = None  # the one area shown, if only one

    @property
    def statuses(self):
        total = Counter()
        for line in self.figures:
            total.update({status: count for status, _, count in line.statuses})
        return counted_statuses(total)

    @property
    def who_reported(self):
        """The opening sentence: who reported and who did not."""
        names = ", ".join(report.member_state.name for report in self.reports)
        said = counted(len(self.reports), "Member State", "Member States") + " reported" + (f": {names}." if names else ".")
        if not self.not_reported:
            return said + " Every Member State reported."
        return f"{said} {len(self.not_reported)} did not: " + ", ".join(state.name for state in self.not_reported) + "."

    @property
    def good_practices(self):
        """(provision, entry) of every answer that shares a good practice, in the plan's and the states' order."""
        return [(p.provision, entry) for area in self.areas for p in area.provisions for entry in p.entries
                if entry.good_practice.strip()]

    @property
    def entry_count(self):
        return sum(len(p.entries) for area in self.areas for p in area.provisions)

    @classmethod
    def of(cls, cycle, *, area=None, areas=None):
        """The summary of `cycle`; with `area` (a PriorityArea of the plan), only that area's provisions,
        answers and needs, the table of figures still counting every area (in the database). `areas`:
        the plan's areas in order, if the caller has read them already."""
        plan = cycle.plan
        reports = list(NationalReport.objects.sent().filter(cycle=cycle).select_related("member_state")
                       .order_by("member_state__name"))
        reported = {report.member_state_id for report in reports}
        # Only the states that were members that year owed a report (MemberState.joined_on).
        not_reported = [state for state in MemberState.objects.members_in(cycle.year) if state.pk not in reported]
        shown = ActionLine.objects.filter(plan=plan)
        entries = ProvisionEntry.objects.filter(report__in=[report.pk for report in reports])
        figures = cls.figures_of(plan, entries, areas)
        if area is not None:
            shown, entries = shown.filter(priority_area=area), entries.filter(provision__priority_area=area)
        provisions = {
            provision.pk: ProvisionSummary(provision)
            for provision in shown.select_related("priority_area").order_by("priority_area__number", "position")
        }
        entries = entries.select_related("report__member_state").order_by("report__member_state__name")
        by_theme = {}
        for entry in entries:
            summary = provisions[entry.provision_id]
            entry.provision = summary.provision
            summary.entries.append(entry)
            if entry.assistance_needed:
                by_theme.setdefault(entry.assistance_theme or ProvisionEntry.Assistance.OTHER, {}).setdefault(
                    entry.provision_id, []
                ).append(entry)
        areas = []
        for summary in provisions.values():
            if not areas or areas[-1].area.pk != summary.provision.priority_area_id:
                areas.append(AreaSummary(summary.provision.priority_area, []))
            areas[-1].provisions.append(summary)
        assistance = [
            AssistanceTheme(theme, label, [(provisions[pk].provision, by_provision[pk])
                                           for pk in provisions if pk in by_provision])
            for theme, label in ProvisionEntry.Assistance.choices
            if (by_provision := by_theme.get(theme))
        ]
        return cls(plan, cycle, reports, not_reported, areas, assistance, figures, area)

    @staticmethod
    def figures_of(plan, entries, areas=None):
        """AreaFigures of every area of the plan, counted in one query over `entries` (and one for the
        areas, unless given)."""
        counts = {}
        for area_id, status, count in (entries.order_by().values_list("provision__priority_area", "status")
                                       .annotate(n=Count("pk"))):
            counts.setdefault(area_id, {})[status] = count
        return [AreaFigures(area, counted_statuses(counts.get(area.pk, {})))
                for area in (plan.priority_areas.order_by("number") if areas is None else areas)]


def summary_databook(summary):
    """The summary as a workbook: who reported, every answer quoted with its state, and the needs by theme."""
    states = tablib.Dataset(headers=["Member State", "Reported", "Report state", "Submitted"], title="Who reported")
    for report in summary.reports:
        states.append([report.member_state.name, "yes", report.get_state_display(),
                       report.submitted_at.date().isoformat() if report.submitted_at else ""])
    for state in summary.not_reported:
        states.append([state.name, "no", "", ""])
    answers = tablib.Dataset(
        headers=[summary.plan.area_label.capitalize(), summary.plan.provision_label.capitalize(), "Member State",
                 "Implementation status", "National measures taken", "Laws or policies adopted", "Challenges",
                 "Kind of assistance", "Assistance needed", "Good practice"],
        title="Answers",
    )
    for area in summary.areas:
        for provision in area.provisions:
            for entry in provision.entries:
                answers.append([area.area.number, provision.provision.number, entry.report.member_state.name,
                                entry.get_status_display(), *map(neutralise, [
                                    entry.national_measures, entry.laws_and_policies, entry.challenges]),
                                entry.get_assistance_theme_display(), *map(neutralise, [
                                    entry.assistance_needed, entry.good_practice])])
    needs = tablib.Dataset(headers=["Kind of assistance", summary.plan.provision_label.capitalize(), "Member State",
                                    "Assistance needed"], title="Assistance needed")
    for theme in summary.assistance:
        for provision, entries in theme.provisions:
            for entry in entries:
                needs.append([theme.label, provision.number, entry.report.member_state.name,
                              neutralise(entry.assistance_needed)])
    return tablib.Databook([states, answers, needs])
