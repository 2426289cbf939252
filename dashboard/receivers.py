"""Bump the versions of the dashboard's cached counts (see cache.py) when a row they count changes.

Signals, because the models and the services that write them need not know a dashboard exists.
Renames bump nothing: names are never cached.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from bodies.models import MemberState, SectoralBody
from monitoring.models import ActivityReport, OutputAchievement
from reporting.models import ExpectedReport, ReportingCycle
from reporting.signals import expected_reports_changed
from workplan.models import ActionLine, Activity, FocusArea, Indicator, IndicatorTarget, Output, Plan, PriorityArea
from workplan.signals import indicator_changed, matrix_amended, matrix_imported

from .cache import MATRIX, PAGE, bump_on_commit, cycle_version_key, participation_version_key

# Where an activity sits, who leads it and what it should produce: the matrix counts and, as the
# cycles' counts are grouped by action line and priority area, every cycle's counts.
MATRIX_MODELS = [Activity, FocusArea, ActionLine, Output]
# Only their names show, read afresh; deleting one can take rows that are counted with it.
NAMED_MODELS = [PriorityArea, SectoralBody, MemberState, ReportingCycle]


def _bump_matrix(action="post_", **kwargs):
    if action.startswith("post_"):  # m2m_changed's "pre_" actions come before the change
        bump_on_commit(MATRIX)


for model in MATRIX_MODELS:
    post_save.connect(_bump_matrix, sender=model, dispatch_uid=f"dashboard_matrix_saved_{model.__name__}")
for model in [*MATRIX_MODELS, *NAMED_MODELS]:
    post_delete.connect(_bump_matrix, sender=model, dispatch_uid=f"dashboard_matrix_deleted_{model.__name__}")
m2m_changed.connect(_bump_matrix, sender=Activity.lead_bodies.through, dispatch_uid="dashboard_lead_bodies")
# The import writes positions and outputs in bulk, which sends no save signal.
matrix_imported.connect(_bump_matrix, dispatch_uid="dashboard_matrix_imported")


# The drawn page (cache.page_key) shows, besides the counts, what these hold: names, deadlines,
# expected reports, indicators and targets. Any change to one draws it again.
SHOWN_MODELS = [Plan, PriorityArea, ActionLine, FocusArea, Activity, SectoralBody, MemberState, ReportingCycle,
                ExpectedReport, Indicator, IndicatorTarget]


def _bump_page(action="post_", **kwargs):
    if action.startswith("post_"):
        bump_on_commit(PAGE)


for model in SHOWN_MODELS:
    post_save.connect(_bump_page, sender=model, dispatch_uid=f"dashboard_page_saved_{model.__name__}")
    post_delete.connect(_bump_page, sender=model, dispatch_uid=f"dashboard_page_deleted_{model.__name__}")
for signal, name in [(matrix_imported, "imported"), (matrix_amended, "amended"), (indicator_changed, "indicator"),
                     (expected_reports_changed, "expected")]:
    signal.connect(_bump_page, dispatch_uid=f"dashboard_page_{name}")


def _fields(*names):
    return [ActivityReport._meta.get_field(name) for name in names]


# What a report is counted by: a save that changes none of them (its assessment, recommendations,
# dates, documents) leaves every figure as it was. Member State participation depends on fewer.
COUNTED_FIELDS = _fields("cycle", "state", "implementation_status", "activity", "implementing_body")
PARTICIPATION_FIELDS = _fields("cycle", "state", "activity", "implementing_body")
# What else of a report the drawn page shows: its open recommendations (their words, what followed them
# up, how old they are) and the indicators' actuals.
SHOWN_FIELDS = _fields("recommendations", "follows_up", "follow_up_status", "first_submitted_at", "submitted_at",
                       "indicator_figure", "indicator_reached")


@receiver(pre_save, sender=ActivityReport, dispatch_uid="dashboard_report_stored")
def _remember_stored_report(sender, instance, update_fields=None, **kwargs):
    """The stored values of the counted fields, when the save may change them."""
    names = {name for field in COUNTED_FIELDS + SHOWN_FIELDS for name in (field.name, field.attname)}
    if instance._state.adding or (update_fields is not None and not names & set(update_fields)):
        return
    attnames = [field.attname for field in COUNTED_FIELDS + SHOWN_FIELDS]
    instance._dashboard_stored = ActivityReport.objects.filter(pk=instance.pk).values(*attnames).first()


@receiver(post_save, sender=ActivityReport, dispatch_uid="dashboard_report_saved")
def _bump_saved_report(sender, instance, created, **kwargs):
    stored = instance.__dict__.pop("_dashboard_stored", None)
    if not created and stored is None:  # none of the counted fields was written
        return

    def changed(fields):
        return created or any(stored[field.attname] != getattr(instance, field.attname) for field in fields)

    if changed(COUNTED_FIELDS):
        bump_on_commit(cycle_version_key(instance.cycle_id))
    if changed(SHOWN_FIELDS):
        bump_on_commit(PAGE)
    if changed(PARTICIPATION_FIELDS):
        bump_on_commit(participation_version_key(instance.cycle_id))
    if not created and stored["cycle_id"] != instance.cycle_id:  # moved (in the admin): the cycle it left changes too
        bump_on_commit(cycle_version_key(stored["cycle_id"]))
        bump_on_commit(participation_version_key(stored["cycle_id"]))


@receiver(post_delete, sender=ActivityReport, dispatch_uid="dashboard_report_deleted")
def _bump_deleted_report(sender, instance, **kwargs):
    bump_on_commit(cycle_version_key(instance.cycle_id))
    bump_on_commit(participation_version_key(instance.cycle_id))


@receiver(post_save, sender=OutputAchievement, dispatch_uid="dashboard_achievement_saved")
@receiver(post_delete, sender=OutputAchievement, dispatch_uid="dashboard_achievement_deleted")
def _bump_achievement_cycle(sender, instance, **kwargs):
    # The report form saves its achievements with their report at hand; elsewhere one query finds it.
    report = instance.report if OutputAchievement.report.is_cached(instance) else None
    cycle = report.cycle_id if report else (
        ActivityReport.objects.filter(pk=instance.report_id).values_list("cycle_id", flat=True).first()
    )
    if cycle is not None:
        bump_on_commit(cycle_version_key(cycle))


@receiver(m2m_changed, sender=ActivityReport.participating_member_states.through, dispatch_uid="dashboard_member_states")
def _bump_participation(sender, instance, action, reverse, pk_set=None, **kwargs):
    if not action.startswith("post_") or (action != "post_clear" and not pk_set):
        return
    if reverse:  # a Member State's reports changed: whichever cycles they are in
        bump_on_commit(MATRIX)
    else:
        bump_on_commit(participation_version_key(instance.cycle_id))
