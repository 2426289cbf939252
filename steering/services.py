"""Writes of the steering of a plan: recording an amendment and its lines, applying it (all its lines or
none), and recording a matrix import as an amendment."""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from workplan.history import keep_as_adopted, matrix_change
from workplan import indicators
from workplan.models import Activity, Indicator, Output
from workplan.services import CODE_PATTERN, imported_from, replace_outputs
from workplan.signals import matrix_amended

from .models import Amendment, AmendmentChange, ChangeKind, describe_indicator, describe_target


class AmendmentRefused(Exception):
    """Nothing was applied; `messages` says why, one per refused line."""

    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = messages


@transaction.atomic
def record_amendment(*, plan, user, reason, takes_effect_on, decision=None) -> Amendment:
    """A draft amendment of the plan's matrix, to which lines are then added."""
    amendment = Amendment(plan=plan, decision=decision, reason=reason, takes_effect_on=takes_effect_on, recorded_by=user)
    amendment.full_clean()
    amendment.save()
    matrix_amended.send(sender=Amendment, amendment=amendment, step="recorded", user=user, plan=plan,
                        detail=f"Draft: {reason[:200]}")
    return amendment


@transaction.atomic
def update_amendment(*, amendment, user, reason, takes_effect_on, decision=None) -> Amendment:
    """Change a draft's reason, date or decision: a draft prepared before the meeting cites its decision after."""
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if not amendment.is_draft:
        raise AmendmentRefused(["An applied amendment is kept as it was: record a new one."])
    amendment.reason, amendment.takes_effect_on, amendment.decision = reason, takes_effect_on, decision
    amendment.full_clean()
    amendment.save(update_fields=["reason", "takes_effect_on", "decision"])
    return amendment


@transaction.atomic
def add_change(*, amendment, kind, lead_bodies=(), **fields) -> AmendmentChange:
    """A line added to a draft amendment (checked again, against the matrix as it is then, when applied)."""
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if not amendment.is_draft:
        raise AmendmentRefused(["An applied amendment is kept as it was: record a new one."])
    last = amendment.changes.aggregate(last=Max("position"))["last"] or 0
    change = AmendmentChange(amendment=amendment, position=last + 1, kind=kind, **fields)
    change.full_clean()
    change.save()
    change.lead_bodies.set(lead_bodies)
    return change


@transaction.atomic
def remove_change(*, change):
    amendment = Amendment.objects.select_for_update().get(pk=change.amendment_id)
    if not amendment.is_draft:
        raise AmendmentRefused(["An applied amendment is kept as it was: record a new one."])
    change.delete()


def apply_amendment(*, amendment, user) -> Amendment:
    """Apply every line of a draft amendment to the matrix, in one transaction: if any line is refused
    (the matrix no longer allows it), nothing is written and AmendmentRefused says, line by line, why.
    Each historical row written says who, and why: the amendment, its decision and its reason."""
    with transaction.atomic():
        amendment = Amendment.objects.select_for_update(of=("self",)).select_related("plan", "decision__meeting").get(pk=amendment.pk)
        if not amendment.is_draft:
            raise AmendmentRefused(["This amendment has already been applied."])
        if amendment.plan.is_ended:
            raise AmendmentRefused([f"The {amendment.plan} has ended ({amendment.plan.period}): its matrix is kept as it was."])
        changes = list(amendment.changes.prefetch_related("lead_bodies"))
        if not changes:
            raise AmendmentRefused(["This amendment has no line yet: add what it changes first."])
        if amendment.decision_id is None:
            # Prepared before the meeting, a draft is applied once a meeting has adopted it (Work Plan §IV).
            raise AmendmentRefused(["Cite the meeting's decision that adopted this amendment before applying it."])
        refused = []
        amendment.applied_by = user  # saved once applied; the indicator lines write their history with it
        keep_as_adopted(amendment.plan)
        with matrix_change(reason=amendment.history_reason, user=user):
            for change in changes:
                problem = APPLY[change.kind](change, amendment)
                if problem:
                    refused.append(f"Line {change.position} ({change.get_kind_display().lower()}): {problem}")
        if refused:
            raise AmendmentRefused(refused)  # raised inside the transaction: every line is rolled back
        amendment.state, amendment.applied_by, amendment.applied_at = Amendment.State.APPLIED, user, timezone.now()
        amendment.save(update_fields=["state", "applied_by", "applied_at"])
        matrix_amended.send(sender=Amendment, amendment=amendment, step="applied", user=user, plan=amendment.plan,
                            detail="; ".join(str(change) for change in changes)[:1000])
    return amendment


# --- the lines, one function per kind: each writes its change or returns why it cannot -----------------

def _activity(change):
    """The line's activity, locked, or why it cannot be changed (dropped already)."""
    activity = Activity.objects.select_for_update().filter(pk=change.activity_id).first()
    if activity is None:
        return None, "the activity no longer exists"
    if activity.dropped_on is not None:
        return None, f"activity {activity.code} was dropped on {activity.dropped_on:%-d %B %Y}"
    return activity, ""


def _next_code(line):
    codes = Activity.objects.filter(plan_id=line.plan_id, code__startswith=f"{line.number}.").values_list("code", flat=True)
    numbers = [int(code.rsplit(".", 1)[1]) for code in codes if code.rsplit(".", 1)[0] == line.number]
    return f"{line.number}.{max(numbers, default=0) + 1}"


def _add_activity(change, amendment):
    area = change.focus_area
    line = area.action_line
    code = change.code or _next_code(line)
    if not CODE_PATTERN.match(code) or code.rsplit(".", 1)[0] != line.number:
        return f"“{code}” is not a code of action line {line.number} (e.g. {line.number}.9)"
    if Activity.objects.filter(plan_id=line.plan_id, code=code).exists():
        return f"the code {code} is already an activity's"
    position = (Activity.objects.filter(focus_area=area).aggregate(last=Max("position"))["last"] or 0) + 1
    activity = Activity.objects.create(plan_id=line.plan_id, focus_area=area, position=position, code=code, text=change.text)
    for n, text in enumerate(change.outputs, start=1):
        Output.objects.create(activity=activity, position=n, text=text)
    if change.lead_bodies.all():
        activity.lead_bodies.set(change.lead_bodies.all())
    change.activity, change.code = activity, code
    change.save(update_fields=["activity", "code"])
    return ""


def _reword_activity(change, amendment):
    activity, problem = _activity(change)
    if problem:
        return problem
    if activity.text == change.text:
        return f"activity {activity.code} already reads so"
    change.old_text, activity.text = activity.text, change.text
    activity.save()
    change.save(update_fields=["old_text"])
    return ""


def _reword_output(change, amendment):
    output = Output.objects.select_for_update().select_related("activity").filter(pk=change.output_id).first()
    if output is None:
        return "the expected output no longer exists"
    if output.activity.dropped_on is not None:
        return f"activity {output.activity.code} was dropped on {output.activity.dropped_on:%-d %B %Y}"
    if output.text == change.text:
        return "the expected output already reads so"
    change.old_text, output.text = output.text, change.text
    output.save()
    change.save(update_fields=["old_text"])
    return ""


def _move_activity(change, amendment):
    activity, problem = _activity(change)
    if problem:
        return problem
    if activity.focus_area_id == change.focus_area_id:
        return f"activity {activity.code} is already under that focus area"
    change.old_text = activity.focus_area.text
    activity.focus_area = change.focus_area
    activity.position = (Activity.objects.filter(focus_area=change.focus_area).aggregate(last=Max("position"))["last"] or 0) + 1
    activity.save()
    change.save(update_fields=["old_text"])
    return ""


def _drop_activity(change, amendment):
    activity, problem = _activity(change)
    if problem:
        return problem
    activity.dropped_on = amendment.takes_effect_on
    activity.save()
    return ""


def _change_outputs(change, amendment):
    activity, problem = _activity(change)
    if problem:
        return problem
    change.old_text = "\n".join(activity.outputs.order_by("position").values_list("text", flat=True))
    problem = replace_outputs(activity, change.outputs)
    if problem:
        return problem
    # The outputs' history has the change; the activity's own row says that its outputs changed, and why.
    activity.save()
    change.save(update_fields=["old_text"])
    return ""


def _change_lead_bodies(change, amendment):
    activity, problem = _activity(change)
    if problem:
        return problem
    wanted = list(change.lead_bodies.all())
    before = list(activity.lead_bodies.all())
    if {body.pk for body in before} == {body.pk for body in wanted}:
        return f"activity {activity.code} already has these lead bodies"
    change.old_text = ", ".join(body.abbreviation for body in before)
    activity.lead_bodies.set(wanted)
    change.save(update_fields=["old_text"])
    return ""


def _mark_priority(change, amendment):
    activity, problem = _activity(change)
    if problem:
        return problem
    plan = amendment.plan
    if change.priority_from < plan.start_year or (plan.end_year and change.priority_until > plan.end_year):
        return f"the years {change.priority_from}–{change.priority_until} are outside the plan's {plan.period}"
    change.old_text = activity.priority_period
    activity.priority_from, activity.priority_until = change.priority_from, change.priority_until
    activity.save()
    change.save(update_fields=["old_text"])
    return ""


def _refusal(error):
    """A ValidationError of the indicators' writes, as the words of a refused line."""
    return " ".join(error.messages)


def _measured(change):
    """The output or activity the indicator line is about, still in the matrix, as set_indicator's argument."""
    if change.output_id:
        output = Output.objects.select_related("activity").filter(pk=change.output_id).first()
        if output is None:
            return None, "the expected output no longer exists"
        if output.activity.dropped_on is not None:
            return None, f"activity {output.activity.code} was dropped on {output.activity.dropped_on:%-d %B %Y}"
        return {"output": output}, ""
    activity, problem = _activity(change)
    return ({"activity": activity} if activity else None), problem


def _indicator_words(indicator):
    if indicator is None:
        return ""
    return describe_indicator(text=indicator.text if indicator.activity_id else "", kind=indicator.kind,
                              unit=indicator.unit, baseline=indicator.baseline, baseline_year=indicator.baseline_year,
                              direction=indicator.direction, means_of_verification=indicator.means_of_verification)


def _set_indicator(change, amendment):
    owner, problem = _measured(change)
    if problem:
        return problem
    before = Indicator.objects.filter(**owner).first()
    old = _indicator_words(before)
    if old and old == change.new_value:
        return "the indicator already reads so"
    try:
        # The history row of the indicator says why (the amendment and its reason) and which decision.
        indicators.set_indicator(user=amendment.applied_by, reason=amendment.history_reason,
                                 decision=amendment.decision, **owner, **change.indicator_fields)
    except ValidationError as error:
        return _refusal(error)
    change.old_text = old
    change.save(update_fields=["old_text"])
    return ""


def _set_target(change, amendment):
    owner, problem = _measured(change)
    if problem:
        return problem
    indicator = Indicator.objects.select_related("output__activity__plan", "activity__plan").filter(**owner).first()
    if indicator is None:
        return "it has no indicator yet: set the indicator first (a line before this one may)"
    # set_target keeps only what the indicator's kind measures: a value where none is measured is refused
    # here rather than dropped without a word.
    if change.target_value is not None and not indicator.is_measured:
        return f"a {indicator.get_kind_display().lower()} indicator's target has no value"
    if change.text and indicator.kind != Indicator.Kind.MILESTONE:
        return f"a {indicator.get_kind_display().lower()} indicator's target is not a milestone"
    before = indicator.targets.filter(year=change.target_year).first()
    try:
        indicators.set_target(indicator=indicator, year=change.target_year, user=amendment.applied_by,
                              reason=amendment.history_reason, decision=amendment.decision,
                              value=change.target_value, milestone=change.text)
    except ValidationError as error:
        return _refusal(error)
    change.old_text = describe_target(year=before.year, value=before.value, milestone=before.milestone) if before else ""
    change.save(update_fields=["old_text"])
    return ""


APPLY = {
    ChangeKind.ADD_ACTIVITY: _add_activity,
    ChangeKind.REWORD_ACTIVITY: _reword_activity,
    ChangeKind.REWORD_OUTPUT: _reword_output,
    ChangeKind.MOVE_ACTIVITY: _move_activity,
    ChangeKind.DROP_ACTIVITY: _drop_activity,
    ChangeKind.CHANGE_OUTPUTS: _change_outputs,
    ChangeKind.CHANGE_LEAD_BODIES: _change_lead_bodies,
    ChangeKind.MARK_PRIORITY: _mark_priority,
    ChangeKind.SET_INDICATOR: _set_indicator,
    ChangeKind.SET_TARGET: _set_target,
}


def record_import(*, plan, user, source, totals, content=None) -> Amendment:
    """An import that changed the matrix, as an applied amendment citing its file (and keeping it when given)."""
    name = posixpath.basename(str(source).replace("\\", "/")) or "matrix.xlsx"
    amendment = Amendment(
        plan=plan, reason=imported_from(name), takes_effect_on=timezone.localdate(), state=Amendment.State.APPLIED,
        recorded_by=user, applied_by=user, applied_at=timezone.now(), file_name=name[:255],
        summary=f"{totals.get('new', 0)} rows new, {totals.get('updated', 0)} updated, {totals.get('unchanged', 0)} unchanged",
    )
    if content is not None:
        amendment.file.save(name, ContentFile(content), save=False)
    amendment.full_clean()
    amendment.save()
    return amendment
