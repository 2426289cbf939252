import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bodies.models import MemberState, SectoralBody
from workplan.models import ActionLine, Plan, PriorityArea

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# In the order they load: the Bali Work Plan names the PoA PCRVE as the plan it implements.
PLANS = ["poa-pcrve", "bali-work-plan", "acpoa-ct"]


def _taken_keys(records):
    """The fixture's primary keys that rows of the database already use, as "model pk" strings."""
    taken = []
    for model in (Plan, PriorityArea, ActionLine):
        label = model._meta.label_lower
        pks = [record["pk"] for record in records if record["model"] == label]
        taken += [f"{label} {pk}" for pk in model.objects.filter(pk__in=pks).values_list("pk", flat=True)]
    return taken


def link_work_plans():
    """Point each shipped work plan at the plan of action it implements, line by line, where it does not
    yet (a database that held the Bali Work Plan before the plans of action were added)."""
    for work_plan in Plan.objects.work_plans().filter(implements=None, slug="bali-work-plan"):
        poa = Plan.objects.filter(slug="poa-pcrve").first()
        if poa is None:
            return
        work_plan.implements = poa
        work_plan.save(update_fields=["implements"])
        provisions = dict(ActionLine.objects.filter(plan=poa).values_list("number", "pk"))
        for line in ActionLine.objects.filter(plan=work_plan, implements=None):
            line.implements_id = provisions.get(line.number)
            line.save(update_fields=["implements"])


class Command(BaseCommand):
    help = (
        "Load the shipped plans (the PoA PCRVE, the Bali Work Plan and its matrix, the ACPoA on CT) with the "
        "sectoral bodies and Member States; a plan already in the database is left as it is."
    )

    def handle(self, *args, **options):
        missing = [slug for slug in PLANS if not Plan.objects.filter(slug=slug).exists()]
        if not missing:
            self.stdout.write("The plans are already loaded; nothing to do.")
            return
        with transaction.atomic():
            if not Plan.objects.exists():
                if SectoralBody.objects.exists() or MemberState.objects.exists():
                    # Loading over hand-made bodies would overwrite them by primary key: refuse instead.
                    raise CommandError("The database already holds sectoral bodies or Member States; load into an empty database.")
                call_command("loaddata", "bodies", verbosity=0)
            for slug in missing:
                path = FIXTURES / f"{slug}.json"
                taken = _taken_keys(json.loads(path.read_text(encoding="utf-8")))
                if taken:
                    raise CommandError(
                        f"Cannot add {slug}: rows of the database already use its keys ({', '.join(taken[:5])}…); "
                        f"import its spreadsheet instead (manage.py import_matrix --plan {slug})."
                    )
                call_command("loaddata", str(path), verbosity=0)
            link_work_plans()
        for plan in Plan.objects.filter(slug__in=missing).order_by("pk"):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {plan} ({plan.get_kind_display().lower()}, {plan.period}): "
                    f"{plan.priority_areas.count()} {plan.area_label_plural}, {plan.action_lines.count()} {plan.provision_label_plural}, "
                    f"{plan.activities.count()} indicative activities."
                )
            )
