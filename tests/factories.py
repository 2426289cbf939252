"""Factories for test data: PriorityArea → ActionLine → FocusArea → Activity → Output."""

import datetime

import factory

from bodies.models import MemberState, SectoralBody
from workplan.models import Activity, ActionLine, FocusArea, Output, Plan, PriorityArea


class SectoralBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectoralBody

    abbreviation = factory.Sequence(lambda n: f"SOM{n}")
    name = factory.Sequence(lambda n: f"Senior Officials Meeting number {n}")
    position = factory.Sequence(lambda n: n + 1)
    pillar = SectoralBody.Pillar.ASCC


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState

    name = factory.Sequence(lambda n: f"Member State {n}")
    code = factory.Sequence(lambda n: f"M{n:02d}")
    joined_on = datetime.date(1967, 8, 8)


class WorkPlanFactory(factory.django.DjangoModelFactory):
    """The Bali Work Plan by default; the same plan each time it is asked for by the same slug, so that
    a chain of factories builds one plan unless a test names another."""

    class Meta:
        model = Plan
        django_get_or_create = ["slug"]

    kind = Plan.Kind.WORK_PLAN
    slug = "bali-work-plan"
    title = "Work Plan of the ASEAN Plan of Action to Prevent and Counter the Rise of Radicalisation and Violent Extremism"
    short_name = "Bali Work Plan"
    start_year = 2019
    end_year = 2025
    adopted_by = "13th AMMTC"
    adopted_on = datetime.date(2019, 11, 27)


class PlanOfActionFactory(WorkPlanFactory):
    kind = Plan.Kind.PLAN_OF_ACTION
    slug = "acpoa-ct"
    title = "ASEAN Comprehensive Plan of Action on Counter Terrorism"
    short_name = "ACPoA on CT"
    start_year = 2017
    end_year = None
    area_label = "area of cooperation"
    provision_label = "measure"


class PriorityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityArea

    plan = factory.SubFactory(WorkPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority area {n + 1}")


class ActionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLine
        skip_postgeneration_save = True

    priority_area = factory.SubFactory(PriorityAreaFactory)
    plan = factory.LazyAttribute(lambda o: o.priority_area.plan)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.priority_area.number}.{o.position}")
    text = factory.Sequence(lambda n: f"Strengthen cooperation, line {n}")
    matrix_text = factory.LazyAttribute(lambda o: o.text)

    @factory.post_generation
    def relevant_bodies(self, create, extracted, **kwargs):
        if create and extracted:
            self.relevant_bodies.set(extracted)


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    action_line = factory.SubFactory(ActionLineFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Activities that build capacity, area {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    focus_area = factory.SubFactory(FocusAreaFactory)
    plan = factory.LazyAttribute(lambda o: o.focus_area.action_line.plan)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.focus_area.action_line.number}.{n + 1}")
    text = factory.Sequence(lambda n: f"Regional workshop number {n}")

    @factory.post_generation
    def lead_bodies(self, create, extracted, **kwargs):
        if create and extracted:
            self.lead_bodies.set(extracted)


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    activity = factory.SubFactory(ActivityFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Recommendations adopted, output {n}")


def build_plan(*, scale=1, bodies=None, plan=None):
    """A plan shaped like the real one (4 areas, ~8 lines each, 2 focus areas per line, 2 activities,
    2 outputs each), `scale` times as many action lines. Returns the bodies it used."""
    bodies = bodies or SectoralBodyFactory.create_batch(5)
    plan = plan or WorkPlanFactory()
    for area_number in range(1, 5):
        area = PriorityAreaFactory(plan=plan, number=area_number)
        for position in range(1, 8 * scale + 1):
            line = ActionLineFactory(
                priority_area=area, position=position, relevant_bodies=bodies[position % 3 : position % 3 + 3]
            )
            for focus_position in (1, 2):
                focus_area = FocusAreaFactory(action_line=line, position=focus_position)
                for activity_position in (1, 2):
                    activity = ActivityFactory(
                        focus_area=focus_area,
                        position=activity_position,
                        code=f"{line.number}.{(focus_position - 1) * 2 + activity_position}",
                        lead_bodies=[bodies[(position + activity_position) % len(bodies)]],
                    )
                    OutputFactory.create_batch(2, activity=activity)
            # A focus area with no indicative activity, as the real matrix has.
            FocusAreaFactory(action_line=line, position=3)
    return bodies


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class ReportingCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reporting.ReportingCycle"
        django_get_or_create = ["plan", "year"]

    plan = factory.SubFactory(WorkPlanFactory)
    year = 2025
    opens_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 10, 1))
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 3, 31))
    state = "open"


def bali():
    """The Bali Work Plan, as the fixtures and the factories both name it."""
    return Plan.objects.get(slug="bali-work-plan")
