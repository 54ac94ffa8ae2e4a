"""Create (or reset) one demo user per role, each with a fresh random password printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from exportwatch.core.roles import ADMIN_SITE_ROLES, ROLES, sync_roles


class Command(BaseCommand):
    help = "Create or reset the users viewer, analyst, editor and admin in their groups, with new random passwords."

    def handle(self, *args, **options):
        with transaction.atomic():
            # Groups get the permissions of models added since the roles migration ran.
            sync_roles()
            passwords = {role: reset_demo_user(role) for role in ROLES}
        self.stdout.write("Demo users (the passwords are shown only now):")
        for username, password in passwords.items():
            self.stdout.write(f"  {username:<8} {password}")


def reset_demo_user(role: str) -> str:
    """Make the user named after `role` a member of that group only, with a new password; return the password."""
    user, _ = get_user_model().objects.get_or_create(username=role)
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.is_active = True
    user.is_staff = role in ADMIN_SITE_ROLES
    user.is_superuser = False
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return password
