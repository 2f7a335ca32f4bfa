"""The one path every email of the plugin takes: claim it under a unique key, lease it, send it with a
stable Message-ID, mark it sent, retry it with backoff.

Two kinds of recipient, one set of rules: a user (`Mail`, a `SentReminder` row, rendered when it is sent in
the user's language, governed by the user's email preferences) and an address without an account
(`AddressedMail`, an `AddressMail` row: a resident who signed up, reported or follows a walk; its text and
attachments are rendered by the feature when it is claimed, its unsubscribe is the feature's own).

- Claim: one `SentReminder` row per mail, inserted with `bulk_create(ignore_conflicts=True)` and the
  claimer's own token. The unique key (kind, subject_key, due_on, recipient) decides who wins; only the
  rows carrying the claimer's token are handed on, so a mail claimed twice (a signal firing twice, a task
  retried, two sweeps at once) is one row and one send.
- Hand over: the claimed ids go to the broker in batches (`SEND_BATCH` per task: one broker write, one
  SMTP connection per batch).
- Send: `deliver` takes a lease with a conditional UPDATE (not sent, no live lease), sends, and marks the
  row sent right after the mail server accepted it. The Message-ID is derived from the key, so a retry
  carries the same one.
- Retry: a failed send is retried after 5, 10, 20 ... minutes (at most 6 hours). Reminders are re-claimed
  by the sweep while they are still due (estates/sweep.py); event mails (notifications, invitations) by
  `retry_events` up to `MAX_EVENT_ATTEMPTS`, as are all mails to addresses.

The one window left: a worker killed after the mail server accepted a mail and before the row is marked
sent (one database round trip). That mail is sent again once its lease expires, with the same Message-ID:
at most one repeated mail per worker process that died, never more (README, "Reminders and workers").
"""

import hashlib
import json
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.mail.utils import DNS_NAME
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router, transaction
from django.db.models import F, Model, Q
from django.db.models.constants import OnConflict
from django.utils import timezone, translation
from django_q.conf import Conf
from django_q.tasks import async_task

from estates import preferences
from estates.conf import base_url, setting
from estates.mail import RecipientUnreachable, language_of, render_address_mail, render_mail
from estates.models import AddressMail, MailCategory, OutboxStatus, SentReminder

logger = logging.getLogger("boligsocial.mail")

BATCH_SIZE = 500
SEND_BATCH = 20
FIRST_RETRY_AFTER = timedelta(minutes=5)
LONGEST_RETRY_AFTER = timedelta(hours=6)
# A notification or invitation is given up after this many failed attempts (about ten hours of retries).
MAX_EVENT_ATTEMPTS = 8
# Mails no sweep derives again: the outbox itself retries them.
EVENT_CATEGORIES = (MailCategory.NEW_ITEMS, MailCategory.SERVICE)
SEND_TASK = "estates.tasks.send_mails"
ADDRESS_SEND_TASK = "estates.tasks.send_address_mails"
UNSENT = (OutboxStatus.CLAIMED, OutboxStatus.FAILED)

Key = tuple[str, str, date, int]
Enqueue = Callable[[list[int]], None]


@dataclass(frozen=True)
class Mail:
    """One email to one user, as its sender describes it. The key (kind, subject_key, due_on, recipient_id)
    names it: the same key is the same mail, sent once."""

    kind: str  # e.g. "safety_walks.responsibility_due_in_7_days"
    subject_key: str  # the object it is about, e.g. "responsibility:42"; for a digest, "digest:2026-W48"
    due_on: date  # the date the mail is for (deadline, meeting date, digest week start, day of the event)
    recipient_id: int  # a user id; email and language are read from the user when sending
    subject: str  # email subject; a lazy string is translated into the recipient's language
    body_template: str  # a Django template (name or source) for the plain-text body
    context: dict = field(default_factory=dict)  # JSON-serialisable context for the body
    url: str = ""  # the direct link
    category: str = MailCategory.REMINDERS  # which of the recipient's switches governs it


@dataclass(frozen=True)
class AddressedMail:
    """One email to an address without an account, its text rendered by the feature (in `language`).
    The key (kind, subject_key, due_on, address) names it: the same key is the same mail, sent once.
    `subject_key` names the object it is about ("signup:12"): the feature erases its mails with it."""

    kind: str  # e.g. "community.signup_confirmed"
    subject_key: str  # e.g. "signup:12"
    due_on: date
    address: str
    subject: str
    body: str  # plain text, final (never rendered again: it may hold what residents typed)
    language: str = "da"
    attachments: tuple = ()  # (filename, content, mimetype) triples
    unsubscribe_url: str = ""  # adds RFC 8058 List-Unsubscribe headers


class MailNotSent(Exception):
    """The mail server did not take a mail. Carries the error's type only, never an address."""


def lease() -> timedelta:
    """How long a send in progress holds its row: longer than django-q2's task timeout (120 s)."""
    return timedelta(seconds=setting("BOLIGSOCIAL_MAIL_LEASE_SECONDS"))


def stale_after() -> timedelta:
    """A claimed mail whose send has not finished by then is handed over again."""
    return lease() * 3 // 2


def batched(items: Iterable, size: int):
    """itertools.batched, which arrives in Python 3.12."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def key_of(mail: Mail) -> Key:
    return (mail.kind, mail.subject_key, mail.due_on, mail.recipient_id)


def message_id_for(kind: str, subject_key: str, due_on: date, recipient: int | str, *, domain: str = "") -> str:
    """The Message-ID of the mail with this key (recipient: a user id or an address): the same on every
    attempt, unique per key. `domain`: `_message_domain()`, from a caller that makes many."""
    digest = hashlib.sha256(f"{kind}|{subject_key}|{due_on.isoformat()}|{recipient}".encode()).hexdigest()
    return f"<{digest[:40]}.boligsocial@{domain or _message_domain()}>"


def _message_domain() -> str:
    return urlsplit(base_url()).hostname or str(DNS_NAME)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 5 minutes after the first failed attempt, doubling, at most 6 hours."""
    return min(FIRST_RETRY_AFTER * 2 ** max(attempts - 1, 0), LONGEST_RETRY_AFTER)


def enqueue_sends(ids: list[int]) -> None:
    # save=False: the SentReminder row is the record of a send; django-q2 still keeps failed tasks.
    async_task(SEND_TASK, ids, group="mail", save=False)


def enqueue_address_sends(ids: list[int]) -> None:
    async_task(ADDRESS_SEND_TASK, ids, group="mail", save=False)


def deliverable(mails: Iterable[Mail]) -> tuple[list[Mail], dict[int, str]]:
    """The mails whose recipient is active, has an address and wants this kind; and each recipient's language.
    Sorted by key, so that concurrent claimers insert in one order and wait on each other, never deadlock."""
    mails = list(mails)
    languages = _reachable_recipients({mail.recipient_id for mail in mails})
    wanting = {
        category: preferences.recipients_wanting(
            category, {m.recipient_id for m in mails if m.category == category and m.recipient_id in languages}
        )
        for category in {mail.category for mail in mails}
    }
    return sorted((m for m in mails if m.recipient_id in wanting[m.category]), key=key_of), languages


def claim(
    mails: Iterable[Mail],
    *,
    languages: dict[int, str] | None = None,
    now: datetime | None = None,
    enqueue: Enqueue = enqueue_sends,
    batch_size: int = BATCH_SIZE,
    skip: set[Key] = frozenset(),
) -> tuple[int, int]:
    """Claim every mail not claimed before and hand the claimed rows to the workers.
    Returns (claimed, not handed over). `languages` and `skip` come from a caller that knows them already."""
    now = now or timezone.now()
    if languages is None:
        mails, languages = deliverable(mails)
    claimed = not_enqueued = 0
    for chunk in batched([m for m in mails if key_of(m) not in skip], batch_size):
        token = uuid.uuid4()
        ids = _claim_rows(chunk, languages, token=token, now=now)
        claimed += len(ids)
        not_enqueued += hand_over(ids, enqueue)
    return claimed, not_enqueued


def claim_for_addresses(
    mails: Iterable[AddressedMail], *, now: datetime | None = None, enqueue: Enqueue = enqueue_address_sends
) -> list[int]:
    """Claim every mail to an address not claimed before and hand the claimed rows to the workers.
    Mails without an address are none. Returns the ids of the rows this claimer won."""
    now = now or timezone.now()
    mails = sorted((m for m in mails if m.address), key=_address_key)
    won: list[int] = []
    for chunk in batched(mails, BATCH_SIZE):
        token = uuid.uuid4()
        ids = _insert_claimed(AddressMail, [_new_address_row(mail, token=token, now=now) for mail in chunk], token)
        hand_over(ids, enqueue)
        won.extend(ids)
    return won


def claim_and_send_after_commit(mails: Iterable[Mail]) -> int:
    """For a mail caused by a change the caller is saving: the rows are written in the caller's transaction
    (no change without its mail, no mail without its change) and handed to the workers once it commits.
    With the database as broker the queue rows simply join the transaction."""
    if Conf.SYNC or Conf.ORM:
        return claim(mails)[0]
    handed: list[int] = []
    claimed = claim(mails, enqueue=handed.extend)[0]
    transaction.on_commit(lambda: hand_over(handed, enqueue_sends))
    return claimed


def claim_for_addresses_after_commit(mails: Iterable[AddressedMail]) -> list[int]:
    """As claim_and_send_after_commit, for mails to addresses."""
    if Conf.SYNC or Conf.ORM:
        return claim_for_addresses(mails)
    handed: list[int] = []
    won = claim_for_addresses(mails, enqueue=handed.extend)
    transaction.on_commit(lambda: hand_over(handed, enqueue_address_sends))
    return won


# The columns a claim writes; the others (lease, last attempt, sent at) start empty.
_CLAIM_COLUMNS = (
    "kind",
    "subject_key",
    "due_on",
    "recipient",
    "category",
    "message_id",
    "subject",
    "body_template",
    "context",
    "url",
    "claim_token",
    "claimed_at",
    "next_attempt_at",
    "status",
    "attempts",
    "last_error",
)


def _claim_rows(mails: list[Mail], languages: dict[int, str], *, token: uuid.UUID, now: datetime) -> list[int]:
    """Insert one SentReminder row per mail in one statement (ignoring the keys claimed before) and return the
    ids of the rows carrying this claimer's token: the unique constraint decided who won.

    The rows are plain tuples handed to the driver's executemany: `bulk_create` prepares every value of every
    row through its compiler (about half of a 10,000-reminder sweep); here only the two columns that need it
    (the date, the JSON context) are prepared, and the values shared by the whole batch once."""
    connection = connections[router.db_for_write(SentReminder)]
    fields = [SentReminder._meta.get_field(name) for name in _CLAIM_COLUMNS]
    prepared = dict(zip(_CLAIM_COLUMNS, fields, strict=True))
    shared = tuple(
        prepared[name].get_db_prep_save(value, connection)
        for name, value in (
            ("claim_token", token),
            ("claimed_at", now),
            ("next_attempt_at", now + stale_after()),
            ("status", OutboxStatus.CLAIMED.value),
            ("attempts", 0),
            ("last_error", ""),
        )
    )
    dates: dict[date, object] = {}
    domain = _message_domain()
    rows = []
    for mail, message in zip(mails, messages_by_language(mails, languages), strict=True):
        due_on = dates.get(mail.due_on)
        if due_on is None:
            due_on = dates[mail.due_on] = prepared["due_on"].get_db_prep_save(mail.due_on, connection)
        rows.append(
            (
                mail.kind,
                mail.subject_key,
                due_on,
                mail.recipient_id,
                str(mail.category),
                message_id_for(*key_of(mail), domain=domain),
                message["subject"],
                message["body_template"],
                prepared["context"].get_db_prep_save(message["context"], connection),
                message["url"],
                *shared,
            )
        )
    operations = connection.ops
    sql = "{insert} {table} ({columns}) VALUES ({values}) {suffix}".format(
        insert=operations.insert_statement(on_conflict=OnConflict.IGNORE),
        table=operations.quote_name(SentReminder._meta.db_table),
        columns=", ".join(operations.quote_name(field.column) for field in fields),
        values=", ".join(["%s"] * len(fields)),
        suffix=operations.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None) or "",
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql.strip(), rows)
    return list(SentReminder.objects.filter(claim_token=token).order_by("pk").values_list("pk", flat=True))


def _insert_claimed(model: type[Model], rows: list, token: uuid.UUID) -> list[int]:
    """Insert the rows; only those this claimer inserted carry its token: the unique constraint decided."""
    model.objects.bulk_create(rows, ignore_conflicts=True)
    return list(model.objects.filter(claim_token=token).order_by("pk").values_list("pk", flat=True))


def hand_over(ids: list[int], enqueue: Enqueue = enqueue_sends) -> int:
    """Enqueue the sends in batches; returns how many mails did not get through to the broker. Those stay
    claimed and are handed over again once stale: log it and go on with the others."""
    missed = 0
    with _one_commit():
        for batch in batched(ids, SEND_BATCH):
            try:
                enqueue(batch)
            except Exception:
                logger.exception("%s claimed mail(s) did not get to the workers; they are retried later", len(batch))
                missed += len(batch)
    return missed


def _one_commit():
    """The ORM broker writes one queue row per task: commit a claim's tasks together, not one by one.
    Not in sync mode (tests), where the send runs inside the enqueue and must commit on its own."""
    return nullcontext() if Conf.SYNC else transaction.atomic()


def deliver(pk: int, *, connection=None) -> str:
    """Send one claimed mail to a user unless it was sent already or another worker is sending it now."""
    if not _lease(SentReminder, pk):
        return "nothing to send"
    row = SentReminder.objects.select_related(
        "recipient", "recipient__wagtail_userprofile", "recipient__mail_preferences"
    ).get(pk=pk)
    if not preferences.wants(row.recipient, row.category):
        SentReminder.objects.filter(pk=pk).update(status=OutboxStatus.WITHDRAWN, locked_until=None)
        return "turned off"
    return _send(
        SentReminder,
        row,
        lambda: render_mail(row, message_id=row.message_id or message_id_for(*_key_of_row(row))),
        connection,
    )


def deliver_to_address(pk: int, *, connection=None) -> str:
    """Send one claimed mail to an address unless it was sent already or another worker is sending it now."""
    if not _lease(AddressMail, pk):
        return "nothing to send"
    row = AddressMail.objects.filter(pk=pk).first()
    if row is None:  # erased with the person it was about in the meantime
        return "nothing to send"
    return _send(AddressMail, row, lambda: render_address_mail(row), connection)


def _lease(model: type[Model], pk: int) -> bool:
    """Take the row for one send: a conditional UPDATE (not sent, no live lease), so one worker wins."""
    now = timezone.now()
    return bool(
        model.objects.filter(pk=pk, status__in=UNSENT)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(locked_until=now + lease(), attempts=F("attempts") + 1, last_attempt_at=now)
    )


def _send(model: type[Model], row, render: Callable, connection) -> str:
    try:
        message = render()
        message.connection = connection
        message.send(fail_silently=False)
    except Exception as error:
        reason = describe_error(error)
        model.objects.filter(pk=row.pk).update(
            status=OutboxStatus.FAILED,
            locked_until=None,
            next_attempt_at=timezone.now() + retry_delay(row.attempts),
            last_error=reason,
        )
        # `from None`: the original message may name addresses; django-q2 stores what we raise.
        raise MailNotSent(reason) from None
    # Right after the server's "250 OK": this one UPDATE is the whole window a killed worker can leave open.
    model.objects.filter(pk=row.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), locked_until=None, last_error=""
    )
    return "sent"


def deliver_many(ids: Iterable[int], *, deliver_one: Callable[..., str] = deliver) -> dict[str, int]:
    """Send a batch over one SMTP connection, one mail after the other, each marked sent as it is accepted.
    A failure of one mail does not stop the others; the batch reports it at the end."""
    outcome: dict[str, int] = {}
    failed = []
    connection = get_connection(fail_silently=False)
    try:
        for pk in ids:
            try:
                result = deliver_one(pk, connection=connection)
            except MailNotSent as error:
                result = "failed"
                failed.append(str(error))
                connection.close()  # a broken connection is opened again for the next mail
            outcome[result] = outcome.get(result, 0) + 1
    finally:
        connection.close()
    if failed:
        raise MailNotSent(", ".join(sorted(set(failed))))
    return outcome


def describe_error(error: Exception) -> str:
    """The error's type (and SMTP code), never its message: SMTP messages can name recipients."""
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__} {error.smtp_code}"
    return type(error).__name__


def due_for_retry(row: dict, now: datetime) -> bool:
    return (
        row["status"] in UNSENT
        and row["next_attempt_at"] <= now
        and (row["locked_until"] is None or row["locked_until"] <= now)
    )


def reclaim(pk: int, *, token: uuid.UUID, now: datetime, model: type[Model] = SentReminder, **message) -> bool:
    """Take over an unsent row whose time has come; the conditional UPDATE lets one claimer win."""
    return bool(
        model.objects.filter(pk=pk, status__in=UNSENT, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(claim_token=token, next_attempt_at=now + stale_after(), **message)
    )


def retry_events(*, now: datetime | None = None, enqueue: Enqueue = enqueue_sends) -> int:
    """Hand over again every notification or invitation, and every mail to an address, whose send failed or
    never finished (a worker died, the broker lost the task), once its backoff has passed; give up after
    MAX_EVENT_ATTEMPTS. Run by the reminder sweep (estates/sweep.py)."""
    now = now or timezone.now()
    events = _retry(SentReminder.objects.filter(category__in=EVENT_CATEGORIES), now=now, enqueue=enqueue)
    to_addresses = _retry(AddressMail.objects.all(), now=now, enqueue=enqueue_address_sends)
    return events + to_addresses


def _retry(rows, *, now: datetime, enqueue: Enqueue) -> int:
    token = uuid.uuid4()
    candidates = (
        rows.filter(status__in=UNSENT, next_attempt_at__lte=now, attempts__lt=MAX_EVENT_ATTEMPTS)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = [pk for pk in candidates if reclaim(pk, token=token, now=now, model=rows.model)]
    missed = hand_over(ids, enqueue)
    if ids:
        logger.info("Outbox: %s mail(s) handed over again, %s not enqueued", len(ids), missed)
    return len(ids)


def message_fields(mail: Mail, language: str) -> dict:
    """Subject and context as the recipient reads them: lazy strings are translated here."""
    with translation.override(language):
        return _message_fields(mail)


def messages_by_language(mails: list[Mail], languages: dict[int, str]) -> list[dict]:
    """`message_fields` of each mail, in order, with one switch of language per language, not one per mail."""
    messages: list[dict] = [{}] * len(mails)
    positions: dict[str, list[int]] = {}
    for position, mail in enumerate(mails):
        positions.setdefault(languages[mail.recipient_id], []).append(position)
    for language, found in positions.items():
        with translation.override(language):
            for position in found:
                messages[position] = _message_fields(mails[position])
    return messages


def _message_fields(mail: Mail) -> dict:
    return {
        "subject": " ".join(str(mail.subject).split())[:255],
        "body_template": mail.body_template,
        "context": _as_json(mail.context),
        "url": mail.url,
    }


_JSON_ENCODER = DjangoJSONEncoder()
# Values a trip through JSON leaves as they are (their exact types: a subclass, such as a safe string or a choice,
# takes the long way).
_PLAIN_TYPES = frozenset({str, bool, int, float, type(None)})


def _as_json(value):
    """What the value reads as after a trip through JSON (dates as ISO strings, lazy strings translated now), made
    without writing and parsing the text: a walk over the values of a mail's context. A weekly digest holds 50
    items of five values each: plain values in a plain dict or list are taken as they are, without a call each."""
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is date:  # (not a datetime: DjangoJSONEncoder writes those its own way)
        return value.isoformat()
    if kind is dict and all(type(key) is str for key in value):
        return {key: item if type(item) in _PLAIN_TYPES else _as_json(item) for key, item in value.items()}
    if kind is list:
        return [item if type(item) in _PLAIN_TYPES else _as_json(item) for item in value]
    return _as_json_by_kind(value)


def _as_json_by_kind(value):
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    if isinstance(value, dict):  # keys JSON turns into strings ("1", "true"): the real trip
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return _as_json(_JSON_ENCODER.default(value))


def _key_of_row(row: SentReminder) -> Key:
    return (row.kind, row.subject_key, row.due_on, row.recipient_id)


def _address_key(mail: AddressedMail) -> tuple:
    return (mail.kind, mail.subject_key, mail.due_on, mail.address)


def _new_address_row(mail: AddressedMail, *, token: uuid.UUID, now: datetime) -> AddressMail:
    return AddressMail(
        kind=mail.kind,
        subject_key=mail.subject_key,
        due_on=mail.due_on,
        address=mail.address,
        language=mail.language,
        subject=" ".join(str(mail.subject).split())[:255],
        body=mail.body,
        attachments=[list(attachment) for attachment in mail.attachments],
        unsubscribe_url=mail.unsubscribe_url,
        message_id=message_id_for(*_address_key(mail)),
        claim_token=token,
        claimed_at=now,
        next_attempt_at=now + stale_after(),
    )


def reachable(user_ids: Iterable[int]) -> set[int]:
    """Of these users, those a mail can go to: active, with an email address (one query; `deliverable` asks the
    same with their languages). A sweep asks it before reading what it would tell someone it cannot reach."""
    user_ids = set(user_ids)
    if not user_ids:
        return set()
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    return set(users.values_list("pk", flat=True))


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


__all__ = [
    "AddressedMail",
    "Mail",
    "MailNotSent",
    "RecipientUnreachable",
    "claim",
    "claim_for_addresses",
    "claim_for_addresses_after_commit",
    "deliver",
    "deliver_many",
    "deliver_to_address",
    "reachable",
    "retry_events",
]
