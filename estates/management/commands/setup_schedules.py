from django.core.management.base import BaseCommand

from estates.schedules import setup_schedules


class Command(BaseCommand):
    help = "Create or update the django-q2 schedules every app declares (idempotent)."

    def handle(self, *args, **options):
        results = setup_schedules()
        for name, created in results:
            self.stdout.write(f"{'created' if created else 'up to date'}: {name}")
        if not results:
            self.stdout.write("no schedules declared")
