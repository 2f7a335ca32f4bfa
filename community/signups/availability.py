"""The pull: whether an activity takes sign-ups on the site, which occurrences are open, how many places are left.

One place for these rules; the form, the activity page, the services and the admin screens ask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from community.conf import UPCOMING_DAYS
from community.recurrence import Occurrence, activity_occurrences, localize
from community.signups.records import signups

# How many coming occurrences the form offers.
OFFERED_OCCURRENCES = 12


def takes_signups(activity) -> bool:
    """The site's own form: registration is required and no external sign-up link replaces it."""
    return bool(activity.registration_required) and not activity.registration_url and not activity.is_cancelled


def deadline_passed(activity, now: datetime | None = None) -> bool:
    """Sign-up closes at the end of the deadline day (local time)."""
    if activity.registration_deadline is None:
        return False
    now = now or timezone.now()
    return now >= localize(datetime.combine(activity.registration_deadline + timedelta(days=1), time(0)))


def coming_occurrences(activity, now: datetime | None = None) -> list[Occurrence]:
    """The occurrences one can still sign up for: not started, not cancelled, in time order."""
    now = now or timezone.now()
    found = activity_occurrences(activity, start=now, end=now + timedelta(days=UPCOMING_DAYS))
    return sorted(
        (occurrence for occurrence in found if not occurrence.cancelled and occurrence.start > now),
        key=lambda occurrence: occurrence.start,
    )[:OFFERED_OCCURRENCES]


def closed_reason(activity, now: datetime | None = None) -> str:
    """Why the form takes no sign-up now (in the reader's language), or "" while it is open."""
    now = now or timezone.now()
    if deadline_passed(activity, now):
        return _("The deadline for signing up has passed.")
    if activity.is_recurring:
        return "" if coming_occurrences(activity, now) else _("There are no more dates to sign up for.")
    occurrence = find_occurrence(activity, None)
    if occurrence is None or occurrence.cancelled or occurrence.start <= now:
        return _("This activity has already begun; sign-up is closed.")
    return ""


def occurrence_key(occurrence: Occurrence) -> datetime | None:
    """What a sign-up stores for the occurrence: its scheduled start (None for a single activity)."""
    return occurrence.recurrence_id


def find_occurrence(activity, occurrence_start: datetime | None) -> Occurrence | None:
    """The occurrence a sign-up names (by its scheduled start); for a single activity its one occurrence."""
    if occurrence_start is None:
        if activity.is_recurring:
            return None
        return next(
            iter(activity_occurrences(activity, start=activity.starts_at, end=activity.ends_at + timedelta(days=1))),
            None,
        )
    around = activity_occurrences(
        activity, start=occurrence_start - timedelta(days=40), end=occurrence_start + timedelta(days=40)
    )
    return next((o for o in around if o.recurrence_id == occurrence_start), None)


def places_taken(activity, occurrence_start: datetime | None) -> int:
    """Places taken by confirmed sign-ups. For one occurrence: its own sign-ups and the series'. For the
    series of a repeating activity: the series' sign-ups and the fullest single occurrence still to come."""
    confirmed = signups().of_activity(activity).confirmed()
    if occurrence_start is not None or not activity.is_recurring:
        return confirmed.of_occurrence(occurrence_start, with_series=True).places_taken()
    series = confirmed.of_occurrence(None).places_taken()
    per_occurrence = confirmed.filter(occurrence_start__gte=timezone.now()).taken_per_occurrence()
    return series + max(per_occurrence.values(), default=0)


def places_left(activity, occurrence_start: datetime | None) -> int | None:
    """None when there is no limit."""
    if activity.capacity is None:
        return None
    return max(activity.capacity - places_taken(activity, occurrence_start), 0)


def fits(activity, occurrence_start: datetime | None, people: int) -> bool:
    left = places_left(activity, occurrence_start)
    return left is None or people <= left


def offers(activity, now: datetime | None = None) -> list[Offer]:
    """The coming occurrences of a repeating activity, each with its places left (two queries in all)."""
    coming = coming_occurrences(activity, now)
    if activity.capacity is None:
        return [Offer(occurrence, None) for occurrence in coming]
    confirmed = signups().of_activity(activity).confirmed()
    series = confirmed.of_occurrence(None).places_taken()
    taken = confirmed.filter(occurrence_start__in=[occurrence_key(o) for o in coming]).taken_per_occurrence()
    return [Offer(o, max(activity.capacity - series - taken.get(occurrence_key(o), 0), 0)) for o in coming]


@dataclass(frozen=True)
class Offer:
    """What the activity page and the form say about signing up for one occurrence (or the series)."""

    occurrence: Occurrence | None
    places_left: int | None

    @property
    def full(self) -> bool:
        return self.places_left == 0
