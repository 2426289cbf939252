import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "bali-workplan-demo")


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts of a local set-up and print how to log in with them."

    def handle(self, *args, **options):
        User = get_user_model()
        admin, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.org"})
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.first_name, admin.last_name = "Demo", "Administrator"
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        self.stdout.write("Demo accounts (local use only):")
        self.stdout.write(f"  administrator   username: admin   password: {DEMO_PASSWORD}")
