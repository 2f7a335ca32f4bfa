"""Reminders the community app says are due: record attendance the day after an occurrence, and (for
residents who signed up, who have no account) the reminder the day before, claimed in the outbox's mails to
addresses.

Derived from state only: an occurrence that has ended, of an activity with someone responsible,
without attendance recorded. A few days of catch-up make a missed sweep harmless; the sweep's unique
key (kind, subject_key, due_on, recipient) makes sure nobody is reminded twice. A few queries,
whatever the number of activities.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse

from community.models import ActivityPage, Attendance
from community.recurrence import Window, expand
from community.signups import reminders as signup_reminders
from estates import i18n
from estates.mail import absolute_url, render_line_lazy
from estates.reminders import DueReminder

KIND = "community.record_attendance"
# An occurrence is still worth a reminder this many days after it ended, if the worker was down.
CATCH_UP_DAYS = 3
EMAIL = "community/emails/record_attendance"


def record_url(activity_id: int, day: date) -> str:
    """The admin form for recording attendance, with the activity and date filled in."""
    query = urlencode({"activity": activity_id, "date": day.isoformat()})
    return absolute_url(f"{reverse('community_attendance:add')}?{query}")


def due_reminders(today: date) -> Iterator[DueReminder]:
    """Staff's attendance reminders (for the sweep to claim); then, once the sweep has read those, the
    residents' sign-up reminders are claimed as mails to addresses (their recipients are not users)."""
    yield from attendance_reminders(today)
    signup_reminders.claim_due(today)


def attendance_reminders(today: date) -> Iterator[DueReminder]:
    """One reminder per occurrence that ended before today (within the catch-up days) without attendance."""
    # Private activities too: staff evaluate every activity, published to residents or not.
    window = Window.of_days(today - timedelta(days=CATCH_UP_DAYS), today - timedelta(days=1))
    activities = (
        i18n.in_source_locale(ActivityPage.objects.live())  # one reminder per activity, not one per language
        .overlapping(window)
        .select_related("responsible_staff", "owner")
        .order_by("pk")
        .with_schedules()
    )
    ended = [
        occurrence
        for occurrence in expand(activities, start=window.start, end=window.end)
        if not occurrence.cancelled and occurrence.end <= window.end and occurrence.first_day < today
    ]
    recorded = Attendance.objects.recorded_dates({occurrence.activity.pk for occurrence in ended})
    for occurrence in ended:
        activity = occurrence.activity
        if (activity.pk, occurrence.first_day) in recorded:
            continue
        recipient = activity.responsible_staff or activity.owner
        if recipient is None or not recipient.is_active:
            continue
        context = {"activity": activity.title, "occurrence_date": occurrence.first_day}
        yield DueReminder(
            kind=KIND,
            subject_key=f"activity:{activity.pk}:{occurrence.first_day.isoformat()}",
            due_on=occurrence.first_day,
            recipient_id=recipient.pk,
            subject=render_line_lazy(f"{EMAIL}.subject.txt", context),
            body_template=f"{EMAIL}.txt",
            context=context,
            url=record_url(activity.pk, occurrence.first_day),
        )
