"""The push: sign up, cancel, move the waiting list up, erase contact data. Keyword-only, one transaction each.

Places are enforced in the database: every operation that can take or free a place first locks the
activity's row (SELECT ... FOR UPDATE), then counts and writes. Two people taking the last place at the
same moment are served one after the other: the first is confirmed, the second put on the waiting list.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.conf import SIGNUP_RETENTION_DAYS
from community.signups import availability, mail
from community.signups.records import MailKind, SignUpStatus, new_signup, signups


class SignUpRefused(ValidationError):
    """The activity does not take this sign-up (closed, deadline passed, no such occurrence)."""


def _lock(activity) -> None:
    """Serialise every change of places of this activity behind one row lock (PostgreSQL); SQLite's
    single writer does the same for the transaction."""
    list(type(activity).objects.select_for_update().filter(pk=activity.pk).values_list("pk", flat=True))


def check_open(activity, occurrence_start: datetime | None, *, now: datetime | None = None) -> None:
    """Raise SignUpRefused (in Danish) unless the activity takes a sign-up for this occurrence now."""
    now = now or timezone.now()
    if not availability.takes_signups(activity):
        raise SignUpRefused(_("This activity does not take sign-ups on the website."))
    if availability.deadline_passed(activity, now):
        raise SignUpRefused(_("The deadline for signing up has passed."))
    if activity.is_recurring and occurrence_start is None:
        if not availability.coming_occurrences(activity, now):
            raise SignUpRefused(_("There are no more dates to sign up for."))
        return
    occurrence = availability.find_occurrence(activity, occurrence_start)
    if occurrence is None or occurrence.cancelled:
        raise SignUpRefused(_("That date is not (or no longer) on the programme."))
    if occurrence.start <= now:
        raise SignUpRefused(_("That date has already begun; sign-up is closed."))


@transaction.atomic
def sign_up(
    *,
    activity,
    occurrence_start: datetime | None,
    name: str,
    email: str = "",
    phone: str = "",
    people: int = 1,
    note: str = "",
    language: str = "",
    now: datetime | None = None,
):
    """Sign up: confirmed while there is room for the whole party, otherwise on the waiting list.
    The resident is told by mail (with the .ics when confirmed) if they gave an email address."""
    activity = activity.with_schedule()
    if not activity.is_recurring:
        occurrence_start = None
    check_open(activity, occurrence_start, now=now)
    if activity.capacity is not None and people > activity.capacity:
        raise SignUpRefused(
            _("There are only %(capacity)s places in all; contact the organiser about a group this size.")
            % {"capacity": activity.capacity}
        )
    _lock(activity)
    fits = availability.fits(activity, occurrence_start, people)
    signup = new_signup(
        activity=activity,
        occurrence_start=occurrence_start,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        people=people,
        note=note.strip(),
        language=language or settings.LANGUAGE_CODE,
        status=SignUpStatus.CONFIRMED if fits else SignUpStatus.WAITING,
    )
    signup.full_clean()
    signup.save()
    mail.send(signup, MailKind.CONFIRMED if fits else MailKind.WAITING)
    return signup


@transaction.atomic
def cancel(*, signup, now: datetime | None = None) -> list:
    """Cancel a sign-up (by its link or by staff); the places it frees go to the waiting list at once.
    Returns the sign-ups that were moved up. Cancelling twice changes nothing."""
    _lock(signup.activity)
    signup = signups().select_related("activity").get(pk=signup.pk)
    if signup.is_cancelled:
        return []
    was_confirmed = signup.is_confirmed
    signup.status = SignUpStatus.CANCELLED
    signup.cancelled_at = now or timezone.now()
    signup.save(update_fields=["status", "cancelled_at", "updated_at"])
    if not was_confirmed:
        return []
    return move_up_waiting(activity=signup.activity, occurrence_start=signup.occurrence_start)


@transaction.atomic
def move_up_waiting(*, activity, occurrence_start: datetime | None) -> list:
    """Confirm, in the order they joined, every waiting sign-up whose party now fits; each is told by mail.

    A place freed in the series may make room in any occurrence, and a place freed in one occurrence may
    make room for the series: both waiting lists are looked at."""
    _lock(activity)
    activity = type(activity).objects.get(pk=activity.pk).with_schedule()
    began = occurrence_start if occurrence_start is not None else None if activity.is_recurring else activity.starts_at
    if began is not None and began <= timezone.now():
        return []  # nobody is told of a place at something that has already begun
    waiting = signups().of_activity(activity).in_line()
    if occurrence_start is not None:
        waiting = waiting.of_occurrence(occurrence_start, with_series=True)
    elif not activity.is_recurring:
        waiting = waiting.of_occurrence(None)
    else:
        waiting = waiting.filter(occurrence_start__isnull=True) | waiting.filter(occurrence_start__gte=timezone.now())
    moved = []
    for candidate in waiting.order_by("created_at", "pk"):
        if availability.fits(activity, candidate.occurrence_start, candidate.people):
            candidate.status = SignUpStatus.CONFIRMED
            candidate.save(update_fields=["status", "updated_at"])
            mail.send(candidate, MailKind.MOVED_UP)
            moved.append(candidate)
    return moved


def move_up_all(activity) -> list:
    """Move every waiting list of the activity up as far as its places allow (after staff changed it)."""
    if not hasattr(activity, "registration_required") or not availability.takes_signups(activity):
        return []
    keys = set(signups().of_activity(activity).waiting().values_list("occurrence_start", flat=True))
    moved = []
    for key in sorted(keys, key=lambda start: (start is not None, start)):
        moved += move_up_waiting(activity=activity, occurrence_start=key)
    return moved


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=SIGNUP_RETENTION_DAYS)


@transaction.atomic
def erase_expired(*, now: datetime | None = None) -> int:
    """Delete the sign-ups (names, contact data, notes, their mails) of occurrences that ended more than
    SIGNUP_RETENTION_DAYS ago; for the series, once the whole series ended. Mails claimed longer ago than
    that go too (also those of sign-ups deleted with their activity). Returns how many."""
    cutoff = retention_cutoff(now)
    expired = signups().filter(occurrence_start__lt=cutoff) | signups().filter(
        occurrence_start__isnull=True, activity__series_end__lt=cutoff
    )
    pks = list(expired.values_list("pk", flat=True))
    mail.forget(pks)
    mail.forget_claimed_before(cutoff)
    _total, by_model = signups().filter(pk__in=pks).delete()
    return by_model.get("community.SignUp", 0)


@transaction.atomic
def erase_person(*, email: str, phone: str) -> int:
    """Delete every sign-up of this person (person-data erasure); places freed go to the waiting list."""
    found = list(signups().of_person(email=email, phone=phone).select_related("activity"))
    for signup in found:
        if signup.is_confirmed:
            cancel(signup=signup)
    mail.forget([signup.pk for signup in found])
    signups().filter(pk__in=[signup.pk for signup in found]).delete()
    return len(found)
