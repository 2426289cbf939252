from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import GenerationRefused, generate, generate_in_apps


class Command(BaseCommand):
    help = (
        "Fill a database holding the Work Plan and its cycles with synthetic reports, achievements and users, and "
        "the plans of action that have cycles with national reports: "
        "scale 1 is about the real plan reported on over 2019-2025, 10 and 100 are ten and a hundred times that."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--password", default="bali-workplan-demo", help="password of every generated user")

    def handle(self, *args, scale, seed, password, **options):
        try:
            result = generate(scale=scale, seed=seed, password=password)
        except GenerationRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"Scale {scale}: {result.activities} synthetic activities, {result.users} users, "
            f"{result.reports} reports, {result.achievements} output achievements."
        )
        for line in generate_in_apps(scale=scale, seed=seed, password=password):
            self.stdout.write(f"Scale {scale}: {line}")
