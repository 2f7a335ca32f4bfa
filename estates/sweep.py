"""The reminder sweep: collect what every app says is due, claim each reminder once, send it once.

Exactly once, also with several workers on several machines:
- Claiming: the sweep inserts one SentReminder row per reminder with `bulk_create(ignore_conflicts=True)`
  and its own claim token. The database's unique constraint on (kind, subject_key, due_on, recipient)
  decides which sweep wins; each sweep enqueues only the rows that carry its token.
- Sending: the send task takes a lease on the row with a conditional UPDATE (`status` not sent and no
  live lease) before it sends, so a duplicate or retried task finds nothing to do.
- Nothing lost: a row whose send failed, or whose task never ran (a worker stopped mid-sweep), is still
  claimed or failed; the next sweep that finds the reminder still due re-claims it once its
  `next_attempt_at` has come (backoff grows with the attempts) and enqueues it again.
"""

import json
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django_q.conf import Conf
from django_q.tasks import async_task

from estates.discovery import app_modules
from estates.mail import language_of, send_reminder_email
from estates.models import SentReminder
from estates.reminders import DueReminder

logger = logging.getLogger("boligsocial.reminders")

BATCH_SIZE = 500
# A claimed reminder whose send has not finished by then is enqueued again by a later sweep.
STALE_AFTER = timedelta(minutes=15)
# A send in progress holds its row this long; longer than django-q2's task timeout (120 s).
LEASE = timedelta(minutes=10)
FIRST_RETRY_AFTER = timedelta(minutes=5)
LONGEST_RETRY_AFTER = timedelta(hours=6)
SEND_TASK = "estates.tasks.send_reminder"

Key = tuple[str, str, date, int]
Source = Callable[[date], Iterable[DueReminder]]


class SweepIncomplete(Exception):
    """An app's `due_reminders` failed; the other apps' reminders were still sent."""


class ReminderNotSent(Exception):
    """The mail server did not take a reminder. Carries the error's type only, never an address."""


@dataclass(frozen=True)
class SweepResult:
    due: int
    claimed: int
    retried: int
    not_enqueued: int = 0

    def __str__(self) -> str:
        return f"{self.due} due, {self.claimed} claimed, {self.retried} retried, {self.not_enqueued} not enqueued"


def batched(items: Iterable, size: int):
    """itertools.batched, which arrives in Python 3.12."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def key_of(reminder: DueReminder) -> Key:
    return (reminder.kind, reminder.subject_key, reminder.due_on, reminder.recipient_id)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 5 minutes after the first failed attempt, doubling, at most 6 hours."""
    return min(FIRST_RETRY_AFTER * 2 ** max(attempts - 1, 0), LONGEST_RETRY_AFTER)


def app_sources() -> list[Source]:
    """`due_reminders` of every installed app that has a `reminders` module defining it."""
    return [module.due_reminders for module in app_modules("reminders") if hasattr(module, "due_reminders")]


def enqueue_send(sent_reminder_id: int) -> None:
    # save=False: the SentReminder row is the record of a send; django-q2 still keeps failed tasks.
    async_task(SEND_TASK, sent_reminder_id, group="reminders", save=False)


def sweep(
    *,
    today: date | None = None,
    sources: Iterable[Source] | None = None,
    enqueue: Callable[[int], None] = enqueue_send,
    batch_size: int = BATCH_SIZE,
) -> SweepResult:
    """Claim every due reminder not claimed before, and re-claim the ones whose send is overdue."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    due, failed_sources = _collect(today, app_sources() if sources is None else sources)
    languages = _reachable_recipients({reminder.recipient_id for reminder in due})
    # One order for every sweep, so that concurrent inserts wait on each other instead of deadlocking.
    due = sorted((reminder for reminder in due if reminder.recipient_id in languages), key=key_of)
    existing = _existing(due)

    claimed = not_enqueued = 0
    for chunk in batched([r for r in due if key_of(r) not in existing], batch_size):
        token = uuid.uuid4()
        rows = [_new_row(reminder, languages[reminder.recipient_id], token=token, now=now) for reminder in chunk]
        SentReminder.objects.bulk_create(rows, ignore_conflicts=True)
        # Only the rows this sweep inserted carry its token: the unique constraint decided the rest.
        ids = list(SentReminder.objects.filter(claim_token=token).values_list("pk", flat=True))
        claimed += len(ids)
        with _one_commit_per_batch():
            not_enqueued += sum(not _handed_over(enqueue, pk) for pk in ids)

    token = uuid.uuid4()
    retried = 0
    for reminder in due:
        row = existing.get(key_of(reminder))
        if row is not None and _is_due_for_retry(row, now) and _reclaim(row["pk"], reminder, languages, token, now):
            retried += 1
            not_enqueued += not _handed_over(enqueue, row["pk"])

    result = SweepResult(due=len(due), claimed=claimed, retried=retried, not_enqueued=not_enqueued)
    logger.info("Reminder sweep for %s: %s", today.isoformat(), result)
    if failed_sources:
        raise SweepIncomplete(f"due_reminders failed in: {', '.join(failed_sources)}")
    return result


def _one_commit_per_batch():
    """The ORM broker writes one queue row per task: commit a batch's rows together, not one by one.
    Not in sync mode (tests), where the send runs inside the enqueue and must commit on its own."""
    return nullcontext() if Conf.SYNC else transaction.atomic()


def _handed_over(enqueue: Callable[[int], None], pk: int) -> bool:
    """Enqueue one send. If the broker is down (or, in sync mode, the send fails), the row stays claimed
    and a later sweep enqueues it again: log it and go on with the others."""
    try:
        enqueue(pk)
    except Exception:
        logger.exception("Reminder %s was claimed but its sending did not get through; a later sweep retries it", pk)
        return False
    return True


def deliver(sent_reminder_id: int) -> str:
    """Send one claimed reminder unless it was sent already or another worker is sending it now."""
    now = timezone.now()
    leased = (
        SentReminder.objects.filter(
            pk=sent_reminder_id, status__in=(SentReminder.Status.CLAIMED, SentReminder.Status.FAILED)
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(locked_until=now + LEASE, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not leased:
        return "nothing to send"
    row = SentReminder.objects.select_related("recipient", "recipient__wagtail_userprofile").get(pk=sent_reminder_id)
    try:
        send_reminder_email(row)
    except Exception as error:
        reason = describe_error(error)
        SentReminder.objects.filter(pk=row.pk).update(
            status=SentReminder.Status.FAILED,
            locked_until=None,
            next_attempt_at=timezone.now() + retry_delay(row.attempts),
            last_error=reason,
        )
        # `from None`: the original message may name addresses; django-q2 stores what we raise.
        raise ReminderNotSent(reason) from None
    SentReminder.objects.filter(pk=row.pk).update(
        status=SentReminder.Status.SENT, sent_at=timezone.now(), locked_until=None, last_error=""
    )
    return "sent"


def describe_error(error: Exception) -> str:
    """The error's type (and SMTP code), never its message: SMTP messages can name recipients."""
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__} {error.smtp_code}"
    return type(error).__name__


def _collect(today: date, sources: Iterable[Source]) -> tuple[list[DueReminder], list[str]]:
    found: dict[Key, DueReminder] = {}
    failed = []
    for source in sources:
        try:
            for reminder in source(today):
                found.setdefault(key_of(reminder), reminder)
        except Exception:
            name = f"{source.__module__}.{source.__qualname__}"
            logger.exception("due_reminders failed in %s", name)
            failed.append(name)
    return list(found.values()), failed


def _reachable_recipients(user_ids: set[int]) -> dict[int, str]:
    """Active users with an email address, and the language each reads."""
    languages = {}
    for chunk in batched(sorted(user_ids), BATCH_SIZE):
        users = (
            get_user_model()
            .objects.filter(pk__in=chunk, is_active=True)
            .exclude(email="")
            .select_related("wagtail_userprofile")
        )
        languages.update({user.pk: language_of(user) for user in users})
    return languages


def _existing(due: list[DueReminder]) -> dict[Key, dict]:
    """Rows already claimed for any of these reminders (one query over their kinds and dates)."""
    if not due:
        return {}
    rows = SentReminder.objects.filter(
        kind__in={r.kind for r in due},
        due_on__gte=min(r.due_on for r in due),
        due_on__lte=max(r.due_on for r in due),
    ).values("pk", "kind", "subject_key", "due_on", "recipient_id", "status", "next_attempt_at", "locked_until")
    return {(row["kind"], row["subject_key"], row["due_on"], row["recipient_id"]): row for row in rows}


def _is_due_for_retry(row: dict, now: datetime) -> bool:
    return (
        row["status"] != SentReminder.Status.SENT
        and row["next_attempt_at"] <= now
        and (row["locked_until"] is None or row["locked_until"] <= now)
    )


def _message(reminder: DueReminder, language: str) -> dict:
    """Subject and context as the recipient reads them: lazy strings are translated here."""
    with translation.override(language):
        return {
            "subject": str(reminder.subject)[:255],
            "body_template": reminder.body_template,
            "context": json.loads(json.dumps(reminder.context, cls=DjangoJSONEncoder)),
            "url": reminder.url,
        }


def _new_row(reminder: DueReminder, language: str, *, token: uuid.UUID, now: datetime) -> SentReminder:
    return SentReminder(
        kind=reminder.kind,
        subject_key=reminder.subject_key,
        due_on=reminder.due_on,
        recipient_id=reminder.recipient_id,
        claim_token=token,
        claimed_at=now,
        next_attempt_at=now + STALE_AFTER,
        **_message(reminder, language),
    )


def _reclaim(pk: int, reminder: DueReminder, languages: dict[int, str], token: uuid.UUID, now: datetime) -> bool:
    """Take over an unsent row whose time has come; the conditional UPDATE lets one sweep win."""
    return bool(
        SentReminder.objects.filter(
            pk=pk,
            status__in=(SentReminder.Status.CLAIMED, SentReminder.Status.FAILED),
            next_attempt_at__lte=now,
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(
            claim_token=token,
            next_attempt_at=now + STALE_AFTER,
            **_message(reminder, languages[reminder.recipient_id]),
        )
    )
