"""What the steering of a plan hears from the matrix below it, which knows nothing of amendments."""

from django.dispatch import receiver

from workplan.signals import matrix_imported

from .services import record_import


@receiver(matrix_imported, dispatch_uid="steering_record_import")
def _matrix_imported(sender, result, plan=None, user=None, source="", content=None, **kwargs):
    """A work plan's matrix changed by a spreadsheet is amended by it: recorded as an applied amendment
    citing the file. An import that changed nothing amends nothing; nor does the first load of a matrix
    (every row new, nothing there before), which is the plan as adopted."""
    totals = result.totals
    if plan is None or not plan.is_work_plan or not (totals.get("new") or totals.get("updated")):
        return
    first_load = not (totals.get("updated") or totals.get("unchanged") or result.untouched_activities)
    if first_load:
        return
    record_import(plan=plan, user=user if getattr(user, "is_authenticated", False) else None,
                  source=source, totals=totals, content=content)
