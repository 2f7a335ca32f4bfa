"""The reminder the day before, to everyone confirmed: derived from state, claimed once per occurrence.

Called by the reminder sweep (community/reminders.py). Due: a confirmed sign-up (with an email address)
for an occurrence that starts tomorrow, or later today if the sweep missed yesterday; not for someone who
signed up less than a day before (they just got their confirmation). The unique key (sign-up, reminder,
date of the occurrence, address: the outbox's key) makes sure nobody is reminded twice, however many sweeps
run.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from community.models.occurrences import StoredOccurrence
from community.models.signups import SignUp
from community.signups import mail
from community.signups.records import MailKind
from estates.models import AddressMail
from estates.outbox import AddressedMail

AHEAD = timedelta(days=1)


def due_mails(today: date) -> list[AddressedMail]:
    """The reminders due today and not claimed yet, rendered. Read on the stored occurrences (community/models/
    occurrences.py): the sign-ups of the activities that happen today or tomorrow, as bare keys first; a sweep
    every five minutes mostly finds every reminder claimed already, and then loads no sign-up and renders
    nothing. One query when nobody signed up for what happens today or tomorrow, three when all is claimed."""
    now = timezone.now()
    happening = (
        StoredOccurrence.objects.starting_on((today, today + AHEAD))
        .not_started_by(now)
        .not_cancelled()
        .of_live_activities()
    )
    signups = list(
        SignUp.objects.confirmed()
        .exclude(email="")
        .filter(activity_id__in=happening.values("activity_id"))  # from the days' rows, whatever the sign-ups
        .order_by("pk")
        .values_list("pk", "activity_id", "occurrence_start", "created_at")
    )
    if not signups:
        return []
    upcoming: dict[int, list[tuple]] = defaultdict(list)
    occurrences = happening.filter(activity_id__in={activity_id for _pk, activity_id, _start, _at in signups})
    for activity_id, start, first_day, recurrence_id in occurrences.in_time_order().values_list(
        "activity_id", "start", "first_day", "recurrence_id"
    ):
        upcoming[activity_id].append((start, first_day, recurrence_id))
    pairs = []
    for pk, activity_id, occurrence_start, created_at in signups:
        for start, first_day, recurrence_id in upcoming[activity_id]:
            if occurrence_start is not None and recurrence_id != occurrence_start:
                continue
            if created_at > start - AHEAD:
                continue
            pairs.append((pk, first_day))
    if not pairs:
        return []
    # Rendered only for the reminders not claimed yet (the sweep runs often; the outbox retries the rest).
    claimed = set(
        mail.mails_of({pk for pk, _day in pairs})
        .filter(kind=f"{mail.KIND_PREFIX}{MailKind.REMINDER}")
        .values_list("subject_key", "due_on")
    )
    due = [(pk, day) for pk, day in pairs if (mail.about(pk), day) not in claimed]
    if not due:
        return []
    loaded = SignUp.objects.select_related("activity").in_bulk({pk for pk, _day in due})
    due = [(loaded[pk], day) for pk, day in due if pk in loaded]
    presented = mail.presented_activities(signup for signup, _day in due)
    return [mail.addressed(signup, MailKind.REMINDER, due_on=day, presented=presented) for signup, day in due]


def claim_due(today: date) -> int:
    """Claim (and hand to the workers) the reminders due today; a sign-up whose reminder is claimed is marked
    reminded. The outbox retries a failed one (estates/sweep.py runs its retries)."""
    claimed = mail.claim(due_mails(today))
    subject_keys = AddressMail.objects.filter(pk__in=claimed).values_list("subject_key", flat=True)
    SignUp.objects.filter(pk__in=[mail.signup_of(key) for key in subject_keys]).update(reminded_at=timezone.now())
    return len(claimed)
