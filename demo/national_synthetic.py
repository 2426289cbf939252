"""Synthetic national reports at a chosen scale, beside monitoring's synthetic activity reports
(`generate_scale_data` runs both).

Scale 1 is every Member State reporting on each plan of action that has cycles (`load_national_cycles`),
over those cycles: most states send most years' reports, statuses move forward from year to year, a
fifth of the answers ask for assistance. At scale N each area gets N - 1 synthetic siblings of each of
its provisions (marked "[synthetic]", numbered after the real ones), so entries grow N times while the
states, areas and reports stay as they are. The same seed gives the same data. Reports and entries are
bulk-inserted: they have no history or workflow steps recorded.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bodies.models import MemberState
from national import roles
from national.models import STATUS_RANK, Agency, FocalPoint, NationalReport, ProvisionEntry
from reporting.models import ReportingCycle
from workplan.models import ActionLine, Plan

from .synthetic import BATCH, SYNTHETIC_MARK, pick

State, Status, Assistance = NationalReport.State, ProvisionEntry.Status, ProvisionEntry.Assistance

STATE_WEIGHTS = {
    "closed": {State.ACKNOWLEDGED: 80, State.SUBMITTED: 10, State.RETURNED: 5, State.DRAFT: 5},
    "open": {State.ACKNOWLEDGED: 15, State.SUBMITTED: 35, State.RETURNED: 10, State.DRAFT: 40},
}
REPORTING_RATE = {"closed": 0.85, "open": 0.7}
FIRST_STATUS = {Status.NOT_STARTED: 30, Status.PLANNED: 30, Status.IN_PROGRESS: 25, Status.IMPLEMENTED: 10,
                Status.NOT_APPLICABLE: 5}
RANKED = sorted(STATUS_RANK, key=STATUS_RANK.get)
MEASURES = [
    "A national action plan sets out the agencies' roles.", "Inter-agency task force meets monthly.",
    "Community engagement programme in three provinces.", "Amendments to the counter-terrorism law adopted.",
    "Training of investigators and prosecutors.", "",
]
LAWS = ["", "", "Counter-terrorism financing regulation.", "Amended anti-terrorism act.", "Ministerial decree on coordination."]
CHALLENGES = ["", "Limited resources in the regions.", "Coordination among agencies.", "Data sharing across borders."]
NEEDS = {
    Assistance.TRAINING: "Training of front-line officers.", Assistance.LEGAL: "Advice on drafting implementing rules.",
    Assistance.TECHNOLOGY: "Forensic and screening equipment.", Assistance.INFORMATION_SHARING: "Secure channel with neighbours.",
    Assistance.RESEARCH: "Study of online radicalisation.", Assistance.FUNDING: "Funding for rehabilitation programmes.",
    Assistance.OTHER: "Exchange visits.",
}


@dataclass
class GeneratedNational:
    provisions: int = 0
    reports: int = 0
    entries: int = 0


def generate(*, scale, seed=2019, password_hash, today=None):
    """Fill the national reports of every plan of action that has cycles and no national report yet."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    result = GeneratedNational()
    plans = [plan for plan in Plan.objects.plans_of_action() if plan.cycles.exists()]
    if not plans or NationalReport.objects.exists():
        return result
    with transaction.atomic():
        focal_points = _focal_points(password_hash)
        for plan in plans:
            result.provisions += _replicate_provisions(plan, scale)
            provisions = list(ActionLine.objects.filter(plan=plan).values_list("pk", flat=True))
            last_status = {}
            for cycle in ReportingCycle.objects.filter(plan=plan).order_by("year"):
                reports, entries = _reports_of_cycle(rng, cycle, provisions, focal_points, last_status, today)
                result.reports += len(reports)
                result.entries += len(entries)
    return result


def _focal_points(password_hash):
    """A national focal point per Member State (`focal-idn`…), with the demo password."""
    roles.ensure_groups()
    group = Group.objects.get(name=roles.FOCAL_POINTS)
    users = {}
    for state in MemberState.objects.all():
        username = f"focal-{state.code.lower()}"
        user, _ = User.objects.get_or_create(username=username, defaults={"password": password_hash,
                                                                          "email": f"{username}@example.org"})
        user.groups.add(group)
        agency, _ = Agency.objects.get_or_create(member_state=state, name="National counter-terrorism coordinating agency")
        FocalPoint.objects.get_or_create(user=user, agency=agency, defaults={"role": FocalPoint.Role.NATIONAL})
        users[state.pk] = user
    return users


def _replicate_provisions(plan, scale):
    if scale == 1:
        return 0
    real = list(ActionLine.objects.filter(plan=plan).exclude(text__startswith=SYNTHETIC_MARK).order_by("pk"))
    next_position = dict(ActionLine.objects.filter(plan=plan).values("priority_area").annotate(m=Max("position"))
                         .values_list("priority_area", "m"))
    copies = []
    for copy in range(2, scale + 1):
        for provision in real:
            next_position[provision.priority_area_id] += 1
            position = next_position[provision.priority_area_id]
            number = f"{provision.number.split('.')[0]}.{position}"
            copies.append(ActionLine(plan=plan, priority_area_id=provision.priority_area_id, position=position,
                                     number=number, text=f"{SYNTHETIC_MARK} {provision.text} (copy {copy})"))
    ActionLine.objects.bulk_create(copies, batch_size=BATCH)
    return len(copies)


def _next_status(rng, before):
    """Statuses mostly hold or move forward from one year to the next, sometimes back."""
    if not before:
        return pick(rng, FIRST_STATUS)
    if before == Status.NOT_APPLICABLE:
        return before
    rank = STATUS_RANK[before]
    roll = rng.random()
    if roll < 0.3 and rank < 3:
        return RANKED[rank + 1]
    if roll > 0.95 and rank > 0:
        return RANKED[rank - 1]
    return before


def _reports_of_cycle(rng, cycle, provisions, focal_points, last_status, today):
    kind = "closed" if not cycle.is_open else "open"
    members = set(MemberState.objects.members_in(cycle.year).values_list("pk", flat=True))
    reports = []
    for state_pk, user in focal_points.items():
        if state_pk not in members or rng.random() > REPORTING_RATE[kind]:
            continue  # a state reports only for the years it was a member
        state = pick(rng, STATE_WEIGHTS[kind])
        submitted_at = None
        if state != NationalReport.State.DRAFT:  # sent at least once (a returned report too)
            submitted_at = timezone.make_aware(datetime.datetime.combine(
                min(cycle.deadline, today), datetime.time(10)) - datetime.timedelta(days=rng.randrange(0, 60)))
        reports.append(NationalReport(member_state_id=state_pk, cycle_id=cycle.pk, state=state, created_by=user,
                                      narrative="Whole-of-government implementation continued.",
                                      shared_with_member_states=rng.random() < 0.4, submitted_at=submitted_at,
                                      first_submitted_at=submitted_at))
    NationalReport.objects.bulk_create(reports, batch_size=BATCH)
    entries = []
    for report in reports:
        for provision in provisions:
            status = _next_status(rng, last_status.get((report.member_state_id, provision)))
            last_status[report.member_state_id, provision] = status
            theme = rng.choice(Assistance.values) if rng.random() < 0.2 else ""
            entries.append(ProvisionEntry(
                report_id=report.pk, provision_id=provision, status=status, national_measures=rng.choice(MEASURES),
                laws_and_policies=rng.choice(LAWS), challenges=rng.choice(CHALLENGES),
                assistance_theme=theme, assistance_needed=NEEDS[theme] if theme else "",
            ))
    ProvisionEntry.objects.bulk_create(entries, batch_size=BATCH)
    return reports, entries
