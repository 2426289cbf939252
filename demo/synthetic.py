"""Realistic synthetic monitoring data at a chosen scale, for demonstrations and benchmarks.

Scale 1 is the real Bali Work Plan reported on over its seven cycles: most lead bodies report on most
of their activities, most reports of closed cycles are accepted, the open cycle is still in progress.
At scale N every activity of the matrix gets N - 1 synthetic siblings in its focus area (marked
"[synthetic]" and coded after the real ones), so reports, achievements and users grow N times while
the priority areas and action lines stay those of the plan. The same seed gives the same data.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from bodies.models import MemberState, Membership, SectoralBody
from monitoring import roles
from monitoring.models import ActivityReport, OutputAchievement
from reporting.models import ReportingCycle
from workplan.models import Activity, Output

SYNTHETIC_MARK = "[synthetic]"
BATCH = 2000
State, Status, Level = ActivityReport.State, ActivityReport.Status, OutputAchievement.Level

# How far reports have gone, for cycles already closed and for the open one.
STATE_WEIGHTS = {
    "closed": {State.ACCEPTED: 75, State.SUBMITTED: 10, State.RETURNED: 5, State.DRAFT: 10},
    "open": {State.ACCEPTED: 20, State.SUBMITTED: 30, State.RETURNED: 10, State.DRAFT: 40},
}
REPORTING_RATE = {"closed": 0.85, "open": 0.6}
STATUS_WEIGHTS = {Status.COMPLETED: 60, Status.ONGOING: 20, Status.PLANNED: 8, Status.NOT_STARTED: 5, Status.CANCELLED: 7}
LEVEL_WEIGHTS = {Level.ACHIEVED: 55, Level.PARTLY: 25, Level.NOT_ACHIEVED: 10, Level.NOT_APPLICABLE: 5, "": 5}
VENUES = ["Jakarta", "Bangkok", "Kuala Lumpur", "Manila", "Singapore", "Ha Noi", "Phnom Penh", "Vientiane",
          "Bandar Seri Begawan", "Nay Pyi Taw", "Dili", "Online"]
PARTNERS = ["", "UNODC", "UNDP", "Australia", "Japan", "European Union", "United States", "Republic of Korea", "UN Women"]
ASSESSMENTS = [
    "The activity was held as planned and reached the intended participants.",
    "Participation was lower than expected; follow-up sessions are scheduled.",
    "Member States shared national experiences and agreed on common priorities.",
    "The outputs were delivered; their use by Member States is still to be seen.",
]
RECOMMENDATIONS = [
    "Hold the next session back to back with the SOMTC meeting to save travel.",
    "Involve youth and women's organisations earlier in the preparation.",
    "Translate the outputs into national languages and share them widely.",
    "Track the follow-up in the next reporting cycle with clear indicators.",
    "",
]
# What a report of an activity that has "Not started" says instead of dates (ActivityReport.missing_fields_for_submission).
NOT_STARTED_EXPLANATIONS = [
    "The host Member State asked to postpone it; it is now planned for the first half of next year.",
    "Funding from the Dialogue Partner was not confirmed in time; the body will propose it again at its next meeting.",
    "The lead body agreed to merge it with a related workshop, planned for the next cycle.",
]
EVIDENCE = ["Meeting report circulated to Member States.", "Attendance list and programme.",
            "Publication available on the ASEAN website.", "Summary record adopted.", ""]


@dataclass
class Generated:
    activities: int = 0
    users: int = 0
    reports: int = 0
    achievements: int = 0


class GenerationRefused(Exception):
    pass


def pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@transaction.atomic
def generate(*, scale, seed=2019, password="bali-workplan-demo", today=None):
    """Fill a database that holds the plan and its cycles, but no report yet, with synthetic data."""
    if scale < 1:
        raise GenerationRefused("The scale factor is at least 1.")
    if not Activity.objects.exists() or not ReportingCycle.objects.exists():
        raise GenerationRefused("Load the Work Plan and its reporting cycles first (manage.py load_plans, then load_cycles).")
    if ActivityReport.objects.exists():
        raise GenerationRefused("This database already holds reports; synthetic data goes into a fresh one.")
    rng = random.Random(seed)
    today = today or timezone.localdate()
    result = Generated()
    result.activities = _replicate_activities(scale)
    users_by_body = _users(scale, make_password(password))
    result.users = sum(len(users) for users in users_by_body.values()) + 2
    member_states = list(MemberState.objects.values_list("pk", flat=True))
    activities = list(
        Activity.objects.select_related("focus_area__action_line")
        .prefetch_related("lead_bodies", "outputs", "focus_area__action_line__relevant_bodies")
        .order_by("pk")
    )
    for cycle in ReportingCycle.objects.order_by("plan_id", "year"):
        of_plan = [activity for activity in activities if activity.plan_id == cycle.plan_id]
        reports, outputs = _reports_of_cycle(rng, cycle, of_plan, users_by_body, today)
        ActivityReport.objects.bulk_create(reports, batch_size=BATCH)
        result.reports += len(reports)
        achievements, participations = [], []
        for report, report_outputs in zip(reports, outputs):
            for output in report_outputs:
                achievements.append(_achievement(rng, report, output))
            for state_pk in rng.sample(member_states, rng.randint(2, len(member_states))):
                participations.append(ActivityReport.participating_member_states.through(
                    activityreport_id=report.pk, memberstate_id=state_pk
                ))
        OutputAchievement.objects.bulk_create(achievements, batch_size=BATCH)
        ActivityReport.participating_member_states.through.objects.bulk_create(participations, batch_size=BATCH)
        result.achievements += len(achievements)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, so the planner knows the tables just grew
    return result


def generate_in_apps(*, scale, seed=2019, password="bali-workplan-demo"):
    """Fill the other report kinds too (the Member States' national reports); yield a line per kind
    saying what was made."""
    from . import national_synthetic

    made = national_synthetic.generate(scale=scale, seed=seed, password_hash=make_password(password))
    copies = f", {made.provisions} synthetic provisions" if made.provisions else ""
    yield f"{made.reports} national reports of the Member States ({made.entries} answers){copies}."
    from . import indicators

    count = indicators.generate(seed=seed)
    if count:
        yield f"{count} performance indicators of the Bali Work Plan, with targets, and the actuals of its accepted reports."


def _replicate_activities(scale):
    """N - 1 synthetic siblings of every real activity, with the same lead bodies and outputs."""
    if scale == 1:
        return 0
    real = list(Activity.objects.exclude(text__startswith=SYNTHETIC_MARK).select_related("focus_area__action_line")
                .prefetch_related("lead_bodies", "outputs").order_by("pk"))
    next_number = {}
    for plan, code in Activity.objects.values_list("plan", "code"):
        line, number = code.rsplit(".", 1)
        next_number[plan, line] = max(next_number.get((plan, line), 0), int(number))
    next_position = dict(Activity.objects.values("focus_area").annotate(m=Max("position")).values_list("focus_area", "m"))
    copies, sources = [], []
    for copy in range(2, scale + 1):
        for activity in real:
            line = activity.focus_area.action_line.number
            next_number[activity.plan_id, line] += 1
            next_position[activity.focus_area_id] += 1
            copies.append(Activity(
                plan_id=activity.plan_id, focus_area_id=activity.focus_area_id, position=next_position[activity.focus_area_id],
                code=f"{line}.{next_number[activity.plan_id, line]}", text=f"{SYNTHETIC_MARK} {activity.text} (copy {copy})",
            ))
            sources.append(activity)
    Activity.objects.bulk_create(copies, batch_size=BATCH)
    leads, outputs = [], []
    for copy, source in zip(copies, sources):
        for body in source.lead_bodies.all():
            leads.append(Activity.lead_bodies.through(activity_id=copy.pk, sectoralbody_id=body.pk))
        for output in source.outputs.all():
            outputs.append(Output(activity_id=copy.pk, position=output.position, text=output.text))
    Activity.lead_bodies.through.objects.bulk_create(leads, batch_size=BATCH)
    Output.objects.bulk_create(outputs, batch_size=BATCH)
    return len(copies)


def _users(scale, password_hash):
    """Two secretariat staff per body per scale step, and two MTF co-chairs, all with the same password."""
    roles.ensure_groups()
    staff, cochairs = Group.objects.get(name=roles.STAFF), Group.objects.get(name=roles.COCHAIRS)
    bodies = list(SectoralBody.objects.all())
    users, members = [], []
    for body in bodies:
        for n in range(1, 2 * scale + 1):
            users.append(User(username=f"{body.abbreviation.lower()}-staff-{n}", password=password_hash,
                              email=f"{body.abbreviation.lower()}-staff-{n}@example.org"))
    users += [User(username=f"mtf-cochair-{n}", password=password_hash, email=f"mtf-cochair-{n}@example.org")
              for n in (1, 2)]
    User.objects.bulk_create(users, batch_size=BATCH)
    created = {user.username: user for user in User.objects.filter(username__in=[u.username for u in users])}
    by_body = {}
    for body in bodies:
        body_users = [created[f"{body.abbreviation.lower()}-staff-{n}"] for n in range(1, 2 * scale + 1)]
        by_body[body.pk] = body_users
        members += [Membership(user=user, body=body) for user in body_users]
    Membership.objects.bulk_create(members, batch_size=BATCH)
    group_links = [User.groups.through(user_id=u.pk, group_id=staff.pk) for users in by_body.values() for u in users]
    group_links += [User.groups.through(user_id=created[f"mtf-cochair-{n}"].pk, group_id=cochairs.pk) for n in (1, 2)]
    User.groups.through.objects.bulk_create(group_links, batch_size=BATCH)
    return by_body


def _reports_of_cycle(rng, cycle, activities, users_by_body, today):
    kind = "closed" if not cycle.is_open else "open"
    reports, outputs = [], []
    for activity in activities:
        bodies = [body.pk for body in activity.lead_bodies.all()]
        if not bodies:  # no lead body named in the matrix: a relevant body of the line reports, if any
            relevant = [body.pk for body in activity.focus_area.action_line.relevant_bodies.all()]
            bodies = relevant[:1]
        for body_pk in bodies:
            if rng.random() > REPORTING_RATE[kind] or not users_by_body.get(body_pk):
                continue
            state = pick(rng, STATE_WEIGHTS[kind])
            start = datetime.date(cycle.year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 360))
            complete = state != State.DRAFT or rng.random() < 0.5
            # Most reports reach the MTF in the two months before the deadline, some in the weeks after it.
            first_submitted_at = None if state == State.DRAFT else timezone.make_aware(datetime.datetime.combine(
                min(cycle.deadline + datetime.timedelta(days=20), today), datetime.time(10))
                - datetime.timedelta(days=rng.randrange(0, 80)))
            submitted_at = first_submitted_at if state in (State.SUBMITTED, State.ACCEPTED) else None
            status = pick(rng, STATUS_WEIGHTS)
            end = start + datetime.timedelta(days=rng.randrange(0, 3)) if complete else None
            organised = complete and status != Status.NOT_STARTED  # an activity not started has no dates
            reports.append(ActivityReport(
                activity_id=activity.pk, cycle_id=cycle.pk, implementing_body_id=body_pk, state=state,
                implementation_status=status,
                # Picked by the activity, not by `rng`: the rest of the data stays as it was for the benchmarks.
                not_started_explanation=(NOT_STARTED_EXPLANATIONS[activity.pk % len(NOT_STARTED_EXPLANATIONS)]
                                         if status == Status.NOT_STARTED else ""),
                start_date=start if organised else None,
                end_date=end if organised else None,
                modality=rng.choice(ActivityReport.Modality.values), venue=rng.choice(VENUES),
                partners=rng.choice(PARTNERS), dialogue_partner_support=rng.choice(PARTNERS),
                assessment=rng.choice(ASSESSMENTS) if complete else "",
                recommendations=rng.choice(RECOMMENDATIONS) if complete else "",
                created_by=rng.choice(users_by_body[body_pk]), submitted_at=submitted_at, first_submitted_at=first_submitted_at,
            ))
            outputs.append(list(activity.outputs.all()))
    return reports, outputs


def _achievement(rng, report, output):
    level = pick(rng, LEVEL_WEIGHTS)
    return OutputAchievement(
        report_id=report.pk, output_id=output.pk, level=level, evidence=rng.choice(EVIDENCE) if level else "",
        figure=rng.randrange(5, 400) if level and rng.random() < 0.3 else None,
    )
