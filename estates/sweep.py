"""The reminder sweep: collect what every app says is due, and claim each reminder once through the outbox.

Exactly once per key, also with several workers on several machines (estates/outbox.py does the claiming,
leasing and sending for every mail of the plugin):
- Claiming: one SentReminder row per reminder, inserted with the claimer's token; the database's unique
  constraint on (kind, subject_key, due_on, recipient) decides which sweep wins, and each sweep hands on
  only the rows that carry its token.
- Nothing lost: a row whose send failed, or whose task never ran (a worker stopped mid-sweep), is still
  claimed or failed; the next sweep that finds the reminder still due re-claims it once its
  `next_attempt_at` has come (backoff grows with the attempts) and hands it over again. A reminder that
  stopped being due (the item was resolved) is not retried.
- Notifications and invitations are not derived from state: the sweep asks the outbox to retry those too.
- Cheap, whatever the data: the send tasks of one sweep go to the broker in one write (estates/task_queue.py:
  one bulk insert of queue rows, one RPUSH on Redis), and `settled` lets an app skip building a mail (a
  weekly digest) whose recipients have it already.
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from estates import outbox
from estates.discovery import app_modules
from estates.models import SentReminder
from estates.outbox import Enqueue, Key, key_of, retry_delay  # noqa: F401  (retry_delay: part of the sweep's API)
from estates.reminders import DueReminder
from estates.task_queue import TaskBatch

logger = logging.getLogger("boligsocial.reminders")

BATCH_SIZE = outbox.BATCH_SIZE
Source = Callable[[date], Iterable[DueReminder]]


class SweepIncomplete(Exception):
    """An app's `due_reminders` failed; the other apps' reminders were still sent."""


@dataclass(frozen=True)
class SweepResult:
    due: int
    claimed: int
    retried: int
    not_enqueued: int = 0
    events_retried: int = 0

    def __str__(self) -> str:
        return (
            f"{self.due} due, {self.claimed} claimed, {self.retried} retried, {self.not_enqueued} not enqueued, "
            f"{self.events_retried} notifications retried"
        )


def app_sources() -> list[Source]:
    """`due_reminders` of every installed app that has a `reminders` module defining it."""
    return [module.due_reminders for module in app_modules("reminders") if hasattr(module, "due_reminders")]


def sweep(
    *,
    today: date | None = None,
    sources: Iterable[Source] | None = None,
    enqueue: Enqueue | None = None,
    batch_size: int = BATCH_SIZE,
    broker=None,
    tasks: TaskBatch | None = None,
) -> SweepResult:
    """Claim every due reminder not claimed before, re-claim the ones whose send is overdue, and retry the
    notifications whose send did not finish. The send tasks are queued together at the end (one broker
    write) unless the caller passes its own `enqueue`."""
    if enqueue is None:
        if tasks is None:  # (an empty TaskBatch is falsy: it has a length)
            tasks = TaskBatch(outbox.SEND_TASK, group="mail", broker=broker)
        enqueue = tasks.add
    else:
        tasks = None
    now = timezone.now()
    today = today or timezone.localdate(now)
    due, failed_sources = _collect(today, app_sources() if sources is None else sources)
    due, languages = outbox.deliverable(due)
    existing = _existing(due)
    claimed, not_enqueued = outbox.claim(
        due, languages=languages, now=now, enqueue=enqueue, batch_size=batch_size, skip=set(existing)
    )

    token = uuid.uuid4()
    retrying = []
    for reminder in due:
        row = existing.get(key_of(reminder))
        if row is not None and outbox.due_for_retry(row, now):
            message = outbox.message_fields(reminder, languages[reminder.recipient_id])
            if outbox.reclaim(row["pk"], token=token, now=now, **message):
                retrying.append(row["pk"])
    not_enqueued += outbox.hand_over(retrying, enqueue)
    events = outbox.retry_events(now=now, enqueue=enqueue)
    if tasks is not None:
        not_enqueued += _flush(tasks)

    result = SweepResult(
        due=len(due), claimed=claimed, retried=len(retrying), not_enqueued=not_enqueued, events_retried=events
    )
    logger.info("Reminder sweep for %s: %s", today.isoformat(), result)
    if failed_sources:
        raise SweepIncomplete(f"due_reminders failed in: {', '.join(failed_sources)}")
    return result


def _flush(tasks: TaskBatch) -> int:
    """Push the sweep's send tasks; returns how many mails did not get to the broker. Those stay claimed and
    are handed over again by a later sweep once stale (as a single failed enqueue in estates/outbox.py)."""
    pending = tasks.pending_items()
    try:
        tasks.flush()
    except Exception:
        logger.exception("%s claimed mail(s) did not get to the workers; they are retried later", pending)
        return pending
    return 0


def settled(kind: str, subject_key: str, due_on: date, recipient_ids: Iterable[int]) -> set[int]:
    """The recipients whose mail with this key needs nothing from this sweep: sent, withdrawn, or claimed and
    not yet due for a retry. One query; an app asks it before building an expensive mail (a digest)."""
    keys = {(subject_key, due_on, recipient_id) for recipient_id in recipient_ids}
    return {recipient_id for _subject, _day, recipient_id in keys - unsettled(kind, keys)}


def unsettled(kind: str, keys: Iterable[tuple[str, date, int]]) -> set[tuple[str, date, int]]:
    """Of these (subject_key, due_on, recipient_id) keys of one kind, those this sweep still has work for: not
    claimed yet, or due for a retry. One query; an app asks it with the bare keys of what may be due, before
    it reads and builds the reminders (a sweep every five minutes mostly finds them claimed already)."""
    keys = set(keys)
    if not keys:
        return set()
    now = timezone.now()
    rows = SentReminder.objects.filter(
        kind=kind,
        subject_key__in={subject_key for subject_key, _day, _recipient in keys},
        due_on__gte=min(day for _subject, day, _recipient in keys),
        due_on__lte=max(day for _subject, day, _recipient in keys),
    ).values("subject_key", "due_on", "recipient_id", "status", "next_attempt_at", "locked_until")
    done = {
        (row["subject_key"], row["due_on"], row["recipient_id"]) for row in rows if not outbox.due_for_retry(row, now)
    }
    return keys - done


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
