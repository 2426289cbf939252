import os

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from bodies.models import Membership, SectoralBody
from monitoring import roles

from ...national_people import create_demo_people

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "bali-workplan-demo")

# username, first name, last name, role group, bodies
DEMO_USERS = [
    ("admin", "Demo", "Administrator", roles.ADMINISTRATORS, []),
    ("cochair", "Demo", "MTF Co-Chair", roles.COCHAIRS, []),
    # The MTF has two co-chairs, and the annual report is final only once both have signed it off.
    ("cochair-2", "Demo", "Second MTF Co-Chair", roles.COCHAIRS, []),
    ("somtc", "Demo", "SOMTC Secretariat", roles.STAFF, ["SOMTC"]),
    ("aichr", "Demo", "AICHR Secretariat", roles.STAFF, ["AICHR"]),
]


class Command(BaseCommand):
    help = "Create (or reset) one demo account per role for a local set-up, and print how to log in."

    @transaction.atomic
    def handle(self, *args, **options):
        roles.ensure_groups()
        self.stdout.write("Demo accounts (for local use only):")
        # One hash for every account: they share their (published) password, and hashing is slow on
        # purpose, about half a second each, which a first run would pay a dozen times.
        hashed = make_password(DEMO_PASSWORD)
        for username, first, last, group, abbreviations in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = user.email or f"{username}@example.org"  # every demo account receives the emails
            user.is_active = True
            user.is_staff = user.is_superuser = group == roles.ADMINISTRATORS
            user.password = hashed
            user.save()
            user.groups.set([Group.objects.get(name=group)])
            for body in SectoralBody.objects.filter(abbreviation__in=abbreviations):
                Membership.objects.get_or_create(user=user, body=body)
            bodies = f" ({', '.join(abbreviations)})" if abbreviations else ""
            self.stdout.write(f"  {group + bodies:40} username: {username:10} password: {DEMO_PASSWORD}")
        # The Member States' focal points and the WG chair.
        for label, username in create_demo_people(DEMO_PASSWORD, password_hash=hashed):
            self.stdout.write(f"  {label:40} username: {username:10} password: {DEMO_PASSWORD}")
