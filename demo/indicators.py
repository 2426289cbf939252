"""Demo performance indicators: a handful of the Bali Work Plan's expected outputs (and one activity) given
indicators and targets, and the demo reports given actuals, so the indicators' pages show something.
Not in `fixtures/`, which mirror the published matrix: the published plan sets no indicator."""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef

from monitoring.models import ActivityReport, OutputAchievement
from workplan import indicators
from workplan.models import Activity, Indicator, Output, Plan

REASON = "Demo data: indicators as the MTF might set them"
# (kind, unit, direction, baseline, the yearly targets 2023–2025, the period's target)
OUTPUT_INDICATORS = [
    ("number", "participants", "higher", 0, (40, 60, 80), 200),
    ("number", "officers trained", "higher", 10, (20, 25, 30), None),
    ("percentage", "of Member States taking part", "higher", 50, (70, 80, 90), 90),
    ("number", "requests for assistance left unanswered", "lower", 30, (25, 20, 15), None),
    ("yes_no", "", "", None, (), "yes"),
    ("milestone", "", "", None, (), "Guidelines adopted by SOMTC"),
]


@transaction.atomic
def generate(*, seed=2019):
    """Set the demo indicators on the Bali Work Plan (once) and the actuals of its accepted demo reports."""
    plan = Plan.objects.filter(slug="bali-work-plan").first()
    if plan is None or Indicator.objects.of_plan(plan).exists():
        return 0
    rng = random.Random(seed)
    user = get_user_model().objects.filter(groups__name="MTF co-chairs").order_by("pk").first()
    reported = ActivityReport.objects.filter(cycle__plan=plan, state=ActivityReport.State.ACCEPTED).values("activity")
    with_outputs = Output.objects.filter(activity=OuterRef("pk"))
    activities = list(Activity.objects.filter(Exists(with_outputs), plan=plan, pk__in=reported).prefetch_related("outputs")
                      .in_matrix_order()[:len(OUTPUT_INDICATORS) + 1])
    made = []
    for activity, (kind, unit, direction, baseline, yearly, period) in zip(activities, OUTPUT_INDICATORS):
        output = activity.outputs.all()[0]
        indicator = indicators.set_indicator(
            user=user, reason=REASON, output=output, kind=kind, unit=unit, direction=direction,
            baseline=Decimal(baseline) if baseline is not None else None, baseline_year=2019 if baseline is not None else None,
            means_of_verification="activity reports and their attendance lists")
        for year, value in zip((2023, 2024, 2025), yearly):
            indicators.set_target(indicator=indicator, year=year, value=Decimal(value), user=user, reason=REASON)
        if period is not None:
            indicators.set_target(indicator=indicator, year=None, user=user, reason=REASON,
                                  value=Decimal(period) if kind in ("number", "percentage") else None,
                                  milestone=period if kind == "milestone" else "")
        made.append(indicator)
        achievements = OutputAchievement.objects.filter(output=output, report__state=ActivityReport.State.ACCEPTED)
        for achievement in achievements:
            if kind in ("number", "percentage"):
                top = yearly[-1] * 1.3 if yearly else 100
                achievement.figure = Decimal(min(rng.randint(int(top * 0.4), int(top)), 100 if kind == "percentage" else 10**6))
            else:
                achievement.reached = rng.random() < 0.6
            achievement.save(update_fields=["figure", "reached"])
    if len(activities) > len(OUTPUT_INDICATORS):
        activity = activities[-1]
        own = indicators.set_indicator(user=user, reason=REASON, activity=activity, kind="yes_no",
                                       text="A regional network of the activity's participants set up")
        indicators.set_target(indicator=own, year=2025, user=user, reason=REASON)
        ActivityReport.objects.filter(activity=activity, state=ActivityReport.State.ACCEPTED).update(indicator_reached=True)
        made.append(own)
    return len(made)
