"""Stored feed events (#15): each activity's VEVENT text, written once and read by every feed request.

A calendar feed of thousands of activities cannot be written per request within the page budget; the text
of one activity's VEVENTs (the rule, its cancelled and moved occurrences, the instances the daylight-saving
change touches) is the same for every request that reads it in the same language at the same address. So it
is stored the first time a feed needs it, keyed by the language (titles, addresses and words of the presented
translation) and the origin its links name (the host the client asked: links.absolute), and the feed joins
the stored texts of the activities its filters let through in one query.

A text is forgotten whenever anything it shows may have changed (community/signals.py `connect_feed` says
when: the activity or any of its translations saved, published, unpublished or deleted, a cancelled or moved
occurrence changed, a page above moved or renamed, a site's address, a target group, a deploy's `migrate`);
the next feed request writes it again. `FORMAT` is raised when the text the code writes changes, so older
texts are not read.
"""

from __future__ import annotations

from django.db import models
from django.db.models import FilteredRelation, Q

from community import signals

# Raise when community/ical.py writes an activity differently: stored texts of another format are rewritten.
FORMAT = 1


class StoredFeedEventQuerySet(models.QuerySet):
    def written_for(self, *, language: str, origin: str):
        """The texts a feed read in `language` at `origin` can use as they are."""
        return self.filter(language=language, origin=origin, format=FORMAT)


class StoredFeedEventManager(models.Manager.from_queryset(StoredFeedEventQuerySet)):
    def texts_of(self, activities, *, language: str, origin: str) -> list[tuple[int, bytes | None, int, int]]:
        """[(activity id, its stored text or None when there is none yet, first year, last year)] for the
        activities of the queryset, in its order: one query (a LEFT JOIN on the stored texts' unique index)."""
        stored = FilteredRelation(
            "stored_feed_events",
            condition=Q(
                stored_feed_events__language=language,
                stored_feed_events__origin=origin,
                stored_feed_events__format=FORMAT,
            ),
        )
        return list(
            activities.annotate(stored=stored).values_list(
                "pk", "stored__body", "stored__first_year", "stored__last_year"
            )
        )

    def keep(self, written: dict[int, tuple[bytes, int, int]], *, language: str, origin: str) -> None:
        """Store the texts written for these activities ({id: (text, first year, last year)}; a text another
        request stored meanwhile stays)."""
        rows = [
            self.model(
                activity_id=pk,
                language=language,
                origin=origin,
                format=FORMAT,
                body=body,
                first_year=first,
                last_year=last,
            )
            for pk, (body, first, last) in written.items()
        ]
        outdated = self.filter(language=language, origin=origin, activity_id__in=list(written))
        outdated.exclude(format=FORMAT).delete()
        self.bulk_create(rows, ignore_conflicts=True, batch_size=500)

    def forget(self, translation_key) -> None:
        """Forget the texts of the activity whose pages (source, translations, aliases) share the key."""
        self.filter(activity__translation_key=translation_key).delete()

    def forget_activity(self, page_id: int) -> None:
        """Forget the texts of the activity presented by the page with this id (any of its languages)."""
        page_model = self.model._meta.get_field("activity").related_model
        keys = page_model.objects.filter(pk=page_id).values("translation_key")
        self.filter(activity__translation_key__in=keys).delete()

    def forget_all(self) -> None:
        """Forget every text (a change every activity's text may show: a page above moved, a site's address)."""
        self.all().delete()


class StoredFeedEvent(models.Model):
    """The VEVENT lines of one activity (CRLF-ended, folded, UTF-8) as a feed in one language at one origin writes
    them."""

    activity = models.ForeignKey(
        "community.ActivityPage", on_delete=models.CASCADE, related_name="stored_feed_events", editable=False
    )
    language = models.CharField(max_length=12)
    origin = models.CharField(max_length=255)
    format = models.PositiveSmallIntegerField(default=FORMAT)
    body = models.BinaryField()  # UTF-8: joined into the feed's bytes as they are, never decoded
    first_year = models.PositiveSmallIntegerField()  # the local years its times span: the feed's VTIMEZONE
    last_year = models.PositiveSmallIntegerField()

    objects = StoredFeedEventManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "language", "origin"], name="community_feed_event_one"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.language} {self.origin}"


signals.connect_feed(
    forget=StoredFeedEvent.objects.forget,
    forget_activity=StoredFeedEvent.objects.forget_activity,
    forget_all=StoredFeedEvent.objects.forget_all,
    table=StoredFeedEvent._meta.db_table,
)
