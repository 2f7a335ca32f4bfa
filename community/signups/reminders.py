"""The reminder the day before, to everyone confirmed: derived from state, claimed once per occurrence.

Called by the reminder sweep (community/reminders.py). Due: a confirmed sign-up (with an email address)
for an occurrence that starts tomorrow, or later today if the sweep missed yesterday; not for someone who
signed up less than a day before (they just got their confirmation). The unique key (sign-up, reminder,
date of the occurrence, address: the outbox's key) makes sure nobody is reminded twice, however many sweeps
run.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from community.models.querysets import load_schedules
from community.models.signups import SignUp
from community.recurrence import Window, activity_occurrences
from community.signups import mail
from community.signups.records import MailKind
from estates.models import AddressMail
from estates.outbox import AddressedMail

AHEAD = timedelta(days=1)


def due_mails(today: date) -> list[AddressedMail]:
    now = timezone.now()
    window = Window.of_days(today, today + timedelta(days=1))
    signups = list(
        SignUp.objects.confirmed()
        .exclude(email="")
        .filter(activity__live=True, activity__series_end__gt=now, activity__series_start__lt=window.end)
        .select_related("activity")
        .order_by("pk")
    )
    activities = {signup.activity_id: signup.activity for signup in signups}
    load_schedules(list(activities.values()))
    occurrences = {
        pk: [o for o in activity_occurrences(a, start=window.start, end=window.end) if not o.cancelled]
        for pk, a in activities.items()
    }
    pairs = []
    for signup in signups:
        for occurrence in occurrences[signup.activity_id]:
            if signup.occurrence_start is not None and occurrence.recurrence_id != signup.occurrence_start:
                continue
            if occurrence.first_day not in (today, today + AHEAD) or occurrence.start <= now:
                continue
            if signup.created_at > occurrence.start - AHEAD:
                continue
            pairs.append((signup, occurrence.first_day))
    # Rendered only for the reminders not claimed yet (the sweep runs often; the outbox retries the rest).
    claimed = set(
        mail.mails_of({signup.pk for signup, _day in pairs})
        .filter(kind=f"{mail.KIND_PREFIX}{MailKind.REMINDER}")
        .values_list("subject_key", "due_on")
    )
    due = [(signup, day) for signup, day in pairs if (mail.about(signup.pk), day) not in claimed]
    presented = mail.presented_activities(signup for signup, _day in due)
    return [mail.addressed(signup, MailKind.REMINDER, due_on=day, presented=presented) for signup, day in due]


def claim_due(today: date) -> int:
    """Claim (and hand to the workers) the reminders due today; a sign-up whose reminder is claimed is marked
    reminded. The outbox retries a failed one (estates/sweep.py runs its retries)."""
    claimed = mail.claim(due_mails(today))
    subject_keys = AddressMail.objects.filter(pk__in=claimed).values_list("subject_key", flat=True)
    SignUp.objects.filter(pk__in=[mail.signup_of(key) for key in subject_keys]).update(reminded_at=timezone.now())
    return len(claimed)
