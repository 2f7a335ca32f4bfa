"""Reminders the community app says are due: record attendance the day after an occurrence, and (for
residents who signed up, who have no account) the reminder the day before, claimed in the outbox's mails to
addresses.

Derived from state only: an occurrence that has ended, of an activity with someone responsible,
without attendance recorded. A few days of catch-up make a missed sweep harmless; the sweep's unique
key (kind, subject_key, due_on, recipient) makes sure nobody is reminded twice. Two queries, whatever the
number of activities and however much is claimed already: the occurrences are the stored rows (kept when an
activity is saved or published), not the schedules expanded again on every sweep.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse

from community.models.occurrences import StoredOccurrence
from community.recurrence import Window
from community.signups import reminders as signup_reminders
from estates import sweep
from estates.mail import absolute_url, render_line_lazy
from estates.reminders import DueReminder

KIND = "community.record_attendance"
# An occurrence is still worth a reminder this many days after it ended, if the worker was down.
CATCH_UP_DAYS = 3
EMAIL = "community/emails/record_attendance"


def subject_key(activity_id: int, day: date) -> str:
    """The sweep's key of the reminder for the occurrence that began on `day`."""
    return f"activity:{activity_id}:{day.isoformat()}"


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
    """One reminder per occurrence that ended before today (within the catch-up days) without attendance.

    Read on the stored occurrences (community/models/occurrences.py), as bare keys first: a sweep every five
    minutes mostly finds every one claimed already, and then reads no page and renders nothing. Two queries."""
    # Ended by the window's end (local midnight today), so each began on a day before today.
    window = Window.of_days(today - timedelta(days=CATCH_UP_DAYS), today - timedelta(days=1))
    ended = (
        StoredOccurrence.objects.ended_in(window)
        .not_cancelled()
        # Private activities too: staff evaluate every activity, published to residents or not.
        .of_live_activities()
        .without_attendance()
        .in_time_order()
        .values_list(
            "activity_id",
            "first_day",
            "activity__title",
            "activity__responsible_staff_id",
            "activity__responsible_staff__is_active",
            "activity__owner_id",
            "activity__owner__is_active",
        )
    )
    due: dict[tuple[str, date, int], tuple[int, str]] = {}
    for activity_id, day, title, staff_id, staff_active, owner_id, owner_active in ended:
        # The responsible staff member, or without one the page's owner; nobody if that person is inactive.
        recipient_id, active = (staff_id, staff_active) if staff_id is not None else (owner_id, owner_active)
        if recipient_id is None or not active:
            continue
        due.setdefault((subject_key(activity_id, day), day, recipient_id), (activity_id, title))
    pending = sweep.unsettled(KIND, due)
    for key, (activity_id, title) in due.items():
        if key not in pending:
            continue
        key_of_subject, day, recipient_id = key
        context = {"activity": title, "occurrence_date": day}
        yield DueReminder(
            kind=KIND,
            subject_key=key_of_subject,
            due_on=day,
            recipient_id=recipient_id,
            subject=render_line_lazy(f"{EMAIL}.subject.txt", context),
            body_template=f"{EMAIL}.txt",
            context=context,
            url=record_url(activity_id, day),
        )
