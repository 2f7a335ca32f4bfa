"""Give a user the mediator role, or with --lead the mediation lead role: how a new installation gets its first
mediation lead (after that, leads grant roles in the admin). Logged in the case access log and mailed to the
leads like every grant."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from estates import roles
from mediation import grants


class Command(BaseCommand):
    help = "Give a user the mediator role (Mæglere), or with --lead the mediation lead role (Mæglingsledere)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--lead", action="store_true", help="Grant the mediation lead role.")

    def handle(self, *args, username, lead, **options):
        user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user with the username {username!r}.")
        role = roles.MEDIATION_LEADS if lead else roles.MEDIATORS
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise CommandError(f"The group {role!r} does not exist: run manage.py migrate first.")
        if user.groups.filter(pk=group.pk).exists():
            self.stdout.write(f"{username} already has the role {role}.")
            return
        with transaction.atomic(), grants.acting_as(grants.COMMAND):
            user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"{username} now has the role {role}; the grant is logged."))
