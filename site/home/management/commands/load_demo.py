from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home import demo


class Command(BaseCommand):
    help = "Load idempotent demo content: the site, housing areas, partners, demo users, and each app's content."

    def handle(self, *args, **options):
        if not getattr(settings, "BOLIGSOCIAL_DEMO_CONTENT", False):
            raise CommandError("Demo content is only loaded with dev settings (BOLIGSOCIAL_DEMO_CONTENT = True).")
        with transaction.atomic():
            # The host's demo composes the plugin apps' demos under its home page.
            demo.load(stdout=self.stdout)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
