"""Emails to residents who signed up (they have no account): claimed once, sent with a lease, retried.

The same discipline as the plugin's outbox (estates/outbox.py), whose rows need a user as recipient:
- Claim: one SignUpMail row per (sign-up, kind, key), inserted with the claimer's token and
  `ignore_conflicts`; the unique constraint decides who claims, only rows with the claimer's token go on.
- Send: a conditional UPDATE takes a lease; the row is marked sent right after the mail server took it;
  the Message-ID is derived from the key (`outbox.message_id_for`), the same on every attempt.
- Retry: a failed or stalled send is handed over again by the reminder sweep with the outbox's backoff.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.conf import Conf
from django_q.tasks import async_task

from community import describe
from community.signups import availability
from community.signups.calendar import signup_calendar
from community.signups.records import MailKind, MailStatus, new_signup_mail, signup_mails, signups
from estates import outbox
from estates.conf import setting
from estates.mail import absolute_url, render_text

logger = logging.getLogger("boligsocial.mail")

SEND_TASK = "community.signups.tasks.send_mails"
MAX_ATTEMPTS = 8
TEMPLATES = {
    MailKind.CONFIRMED: "community/emails/signup_confirmed.txt",
    MailKind.WAITING: "community/emails/signup_waiting.txt",
    MailKind.MOVED_UP: "community/emails/signup_moved_up.txt",
    MailKind.REMINDER: "community/emails/signup_reminder.txt",
    MailKind.MESSAGE: "community/emails/signup_message.txt",
}
WITH_CALENDAR = {MailKind.CONFIRMED, MailKind.MOVED_UP}


def cancel_url(signup) -> str:
    return absolute_url(reverse("boligsocial:signups:cancel", args=[signup.token]))


def send(signup, kind: str, *, key: str = "", subject: str = "", body: str = "") -> int:
    """Claim one mail to the sign-up's address (none without an address) and hand it to the workers."""
    return claim([new_signup_mail(signup=signup, kind=kind, key=key, subject=subject, body=body)])


def claim(mails: Iterable, *, now: datetime | None = None) -> int:
    """Claim the mails not claimed before (sign-ups without an email address get none); returns how many."""
    now = now or timezone.now()
    token = uuid.uuid4()
    rows = []
    for row in mails:
        if not row.signup.email:
            continue
        row.claim_token, row.next_attempt_at = token, now + outbox.stale_after()
        rows.append(row)
    if not rows:
        return 0
    signup_mails().bulk_create(rows, ignore_conflicts=True)
    ids = list(signup_mails().filter(claim_token=token).order_by("pk").values_list("pk", flat=True))
    hand_over(ids)
    return len(ids)


def hand_over(ids: list[int]) -> None:
    """To the workers: at once with the database as broker (the queue row joins the transaction) or in
    tests (sync), otherwise once the caller's transaction commits."""
    if not ids:
        return
    if Conf.SYNC or Conf.ORM:
        _enqueue(ids)
    else:
        transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids: list[int]) -> None:
    for batch in outbox.batched(ids, outbox.SEND_BATCH):
        try:
            async_task(SEND_TASK, batch, group="mail", save=False)
        except Exception:
            logger.exception("%s sign-up mail(s) did not get to the workers; they are retried later", len(batch))


def deliver_many(ids: Iterable[int]) -> dict[str, int]:
    outcome: dict[str, int] = {}
    connection = get_connection(fail_silently=False)
    try:
        for pk in ids:
            result = deliver(pk, connection=connection)
            outcome[result] = outcome.get(result, 0) + 1
    finally:
        connection.close()
    return outcome


def deliver(pk: int, *, connection=None) -> str:
    """Send one claimed mail unless it was sent already or another worker is sending it now."""
    now = timezone.now()
    leased = (
        signup_mails()
        .filter(pk=pk, status__in=(MailStatus.CLAIMED, MailStatus.FAILED))
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(locked_until=now + outbox.lease(), attempts=F("attempts") + 1)
    )
    if not leased:
        return "nothing to send"
    row = signup_mails().select_related("signup", "signup__activity").get(pk=pk)
    try:
        message = render(row)
        message.connection = connection
        message.send(fail_silently=False)
    except Exception as error:
        signup_mails().filter(pk=pk).update(
            status=MailStatus.FAILED,
            locked_until=None,
            next_attempt_at=timezone.now() + outbox.retry_delay(row.attempts),
            last_error=outbox.describe_error(error),
        )
        return "failed"
    signup_mails().filter(pk=pk).update(
        status=MailStatus.SENT, sent_at=timezone.now(), locked_until=None, last_error=""
    )
    if row.kind == MailKind.REMINDER:
        signups().filter(pk=row.signup_id).update(reminded_at=timezone.now())
    return "sent"


def retry_unsent(*, now: datetime | None = None) -> int:
    """Hand over again every mail whose send failed or stalled, once its backoff has passed."""
    now = now or timezone.now()
    token = uuid.uuid4()
    candidates = (
        signup_mails()
        .filter(
            status__in=(MailStatus.CLAIMED, MailStatus.FAILED),
            next_attempt_at__lte=now,
            attempts__lt=MAX_ATTEMPTS,
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .values_list("pk", flat=True)
    )
    ids = [
        pk
        for pk in candidates
        if signup_mails()
        .filter(pk=pk, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(claim_token=token, next_attempt_at=now + outbox.stale_after())
    ]
    hand_over(ids)
    return len(ids)


def when_text(signup) -> str:
    """When the sign-up is for, as the activity page says it."""
    activity = signup.activity
    if activity.is_recurring and signup.occurrence_start is None:
        return _("Every time: %(repetition)s") % {"repetition": describe.repetition(activity)}
    occurrence = availability.find_occurrence(activity, signup.occurrence_start)
    if occurrence is None:
        return ""
    return f"{describe.full_date(occurrence.first_day)}, {describe.when(occurrence)}"


def render(row) -> EmailMessage:
    """The email for one claimed row, in the language the resident signed up in."""
    signup = row.signup
    activity = signup.activity.with_schedule()
    activity_url = absolute_url(activity.url or "")
    with translation.override(signup.language or "da"):
        context = {
            "name": signup.name,
            "activity": activity.title,
            "when": when_text(signup),
            "place": activity.place_label,
            "people": signup.people,
            "note": signup.note,
            "activity_url": activity_url,
            "cancel_url": cancel_url(signup),
            "message": row.body,
            "site_name": setting("WAGTAIL_SITE_NAME"),
        }
        subject = row.subject or _subject(row.kind, activity.title)
        body = render_text(TEMPLATES[row.kind], context)
    message_id = outbox.message_id_for(
        f"community.signup_{row.kind}", f"signup:{signup.pk}:{row.key}", signup.created_at.date(), 0
    )
    headers = {"Message-ID": message_id, "Auto-Submitted": "auto-generated", "Content-Language": signup.language}
    message = EmailMessage(subject=subject, body=body + "\n", to=[signup.email], headers=headers)
    if row.kind in WITH_CALENDAR:
        message.attach(f"{activity.slug}.ics", signup_calendar(signup, url=activity_url), "text/calendar")
    return message


def _subject(kind: str, title: str) -> str:
    subjects = {
        MailKind.CONFIRMED: _("You are signed up: %(title)s"),
        MailKind.WAITING: _("You are on the waiting list: %(title)s"),
        MailKind.MOVED_UP: _("A place is free, you are signed up: %(title)s"),
        MailKind.REMINDER: _("Reminder: %(title)s"),
        MailKind.MESSAGE: _("News about %(title)s"),
    }
    return subjects[kind] % {"title": title}
