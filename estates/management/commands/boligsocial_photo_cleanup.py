"""Delete photos nobody refers to any more (a replaced or removed photo, a deleted finding or update), with
their files. Photos younger than a day are kept: an upload may still be on its way to its row."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from estates.photos import photo_clean_up


class Command(BaseCommand):
    help = "Delete photos no finding, update or report refers to any more, with their files."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=1, help="Keep unreferenced photos younger than this.")

    def handle(self, *args, days: int, **options):
        deleted = photo_clean_up(older_than=timedelta(days=days))
        self.stdout.write(f"{deleted} photo(s) deleted.")
