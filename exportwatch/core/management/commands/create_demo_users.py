"""Create one demo user per role, each with a random password printed once; existing users are left alone."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from exportwatch.core.roles import ADMIN_SITE_ROLES, ROLES, sync_roles


class Command(BaseCommand):
    help = ("Create the users viewer, analyst, editor and admin in their groups with random passwords. A user of that "
            "name that exists already is left as it is, unless --reset is given.")

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="Also give existing users of these names their role only and a new password.")

    def handle(self, *args, reset=False, **options):
        with transaction.atomic():
            # Groups get the permissions of models added since the roles migration ran.
            sync_roles()
            results = {role: demo_user(role, reset=reset) for role in ROLES}
        self.stdout.write("Demo users (the passwords are shown only now):")
        for username, password in results.items():
            shown = password or "exists already, left as it is (--reset gives it a new password)"
            self.stdout.write(f"  {username:<8} {shown}")


def demo_user(role: str, *, reset: bool) -> str:
    """Make the user named after `role` a member of that group only, with a new password; return the password, or
    "" when the user existed and `reset` is false."""
    user, created = get_user_model().objects.get_or_create(username=role)
    if not (created or reset):
        return ""
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.is_active = True
    user.is_staff = role in ADMIN_SITE_ROLES
    user.is_superuser = False
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return password
