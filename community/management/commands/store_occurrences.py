"""Store the occurrences of activities as rows: those without any (default), or every activity (--all).

--all also forgets every stored feed text (community/models/feed_events.py): after a deploy that changes the
words an event carries (a translation catalogue, a label), the feeds write their texts again.
"""

from django.core.management.base import BaseCommand

from community.models import ActivityPage
from community.models.feed_events import StoredFeedEvent
from community.models.occurrences import StoredOccurrence


class Command(BaseCommand):
    help = (
        "Store the occurrences of activities that have none yet (migrate does this too), or of all (--all, which "
        "also has the feeds write their stored texts again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Store every activity's occurrences again.")

    def handle(self, *args, **options):
        if not options["all"]:
            count = StoredOccurrence.objects.store_missing()
        else:
            # Only the default locale's pages carry occurrences; rows a translation or alias was given before
            # the site had languages are dropped.
            sources = ActivityPage.objects.in_source_locale()
            StoredOccurrence.objects.exclude(activity__in=sources.values("pk")).delete()
            count = 0
            for activity in sources.defer("body").iterator(chunk_size=200):
                StoredOccurrence.objects.store(activity, known_source=True)
                count += 1
            StoredFeedEvent.objects.forget_all()
        self.stdout.write(f"Stored the occurrences of {count} activities.")
