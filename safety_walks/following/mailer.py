"""Mail to followers, who have an address but no account: claimed once under (follower, kind, day), leased,
sent with a stable Message-ID, retried with the outbox's backoff.

estates.outbox does this for users (its rows point at a user); a follower is not one, so this module keeps
the same steps on its own row (FollowerMail) and borrows the outbox's pieces: the Message-ID, the backoff,
the hand-over in batches and the error description that never names an address.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_q.conf import Conf
from django_q.tasks import async_task

from estates import outbox
from estates.mail import absolute_url
from safety_walks.following import tokens
from safety_walks.models.following import Follower, FollowerMail

logger = logging.getLogger("boligsocial.mail")

SEND_TASK = "safety_walks.following.tasks.send_follower_mails"
UNSENT = (FollowerMail.Status.CLAIMED, FollowerMail.Status.FAILED)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class FollowMail:
    follower: Follower
    kind: str
    due_on: date
    subject: str
    body: str


def enqueue_sends(ids: list[int]) -> None:
    async_task(SEND_TASK, ids, group="mail", save=False)


def claim(mails: list[FollowMail], *, enqueue=enqueue_sends) -> list[int]:
    """Insert one row per mail not claimed before (the unique key decides) and hand this claimer's rows over.
    Returns the ids of the rows this claimer won."""
    if not mails:
        return []
    token = uuid.uuid4()
    now = timezone.now()
    rows = [
        FollowerMail(
            follower=mail.follower,
            kind=mail.kind,
            due_on=mail.due_on,
            subject=" ".join(mail.subject.split())[:255],
            body=mail.body,
            message_id=outbox.message_id_for(f"following.{mail.kind}", "follower", mail.due_on, mail.follower.pk),
            claim_token=token,
            next_attempt_at=now + outbox.stale_after(),
        )
        for mail in sorted(mails, key=lambda m: (m.follower.pk, m.kind))
    ]
    FollowerMail.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(FollowerMail.objects.filter(claim_token=token).order_by("pk").values_list("pk", flat=True))
    outbox.hand_over(ids, enqueue)
    return ids


def claim_after_commit(mails: list[FollowMail]) -> list[int]:
    """For a mail caused by a change being saved: handed to the workers once the change is committed."""
    if Conf.SYNC or Conf.ORM:
        return claim(mails)
    handed: list[int] = []
    claimed = claim(mails, enqueue=handed.extend)
    transaction.on_commit(lambda: outbox.hand_over(handed, enqueue_sends))
    return claimed


def deliver(pk: int, *, connection=None) -> str:
    now = timezone.now()
    leased = (
        FollowerMail.objects.filter(pk=pk, status__in=UNSENT)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(locked_until=now + outbox.lease(), attempts=F("attempts") + 1)
    )
    if not leased:
        return "nothing to send"
    row = FollowerMail.objects.select_related("follower").filter(pk=pk).first()
    if row is None:  # the follower left in the meantime (their mails go with them)
        return "nothing to send"
    try:
        message = render(row)
        message.connection = connection
        message.send(fail_silently=False)
    except Exception as error:
        reason = outbox.describe_error(error)
        FollowerMail.objects.filter(pk=pk).update(
            status=FollowerMail.Status.FAILED,
            locked_until=None,
            next_attempt_at=timezone.now() + outbox.retry_delay(row.attempts),
            last_error=reason,
        )
        raise outbox.MailNotSent(reason) from None
    FollowerMail.objects.filter(pk=pk).update(
        status=FollowerMail.Status.SENT, sent_at=timezone.now(), locked_until=None, last_error=""
    )
    return "sent"


def deliver_many(ids) -> dict[str, int]:
    outcome: dict[str, int] = {}
    failed = []
    connection = get_connection(fail_silently=False)
    try:
        for pk in ids:
            try:
                result = deliver(pk, connection=connection)
            except outbox.MailNotSent as error:
                result = "failed"
                failed.append(str(error))
                connection.close()
            outcome[result] = outcome.get(result, 0) + 1
    finally:
        connection.close()
    if failed:
        raise outbox.MailNotSent(", ".join(sorted(set(failed))))
    return outcome


def retry_failed(*, enqueue=enqueue_sends) -> int:
    """Hand over again the mails whose send failed or never finished, once their backoff has passed."""
    now = timezone.now()
    token = uuid.uuid4()
    candidates = (
        FollowerMail.objects.filter(status__in=UNSENT, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .values_list("pk", flat=True)[: outbox.BATCH_SIZE]
    )
    ids = [
        pk
        for pk in candidates
        if FollowerMail.objects.filter(pk=pk, status__in=UNSENT, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(claim_token=token, next_attempt_at=now + outbox.stale_after())
    ]
    outbox.hand_over(ids, enqueue)
    return len(ids)


def render(row: FollowerMail) -> EmailMessage:
    """The email of a claimed row: its text as rendered at claim time, the follower's address read now."""
    follower = row.follower
    headers = {
        "Message-ID": row.message_id,
        "Auto-Submitted": "auto-generated",
        "Content-Language": follower.language,
    }
    if row.kind == FollowerMail.Kind.DIGEST:
        # RFC 8058: the mail client's own unsubscribe button POSTs to the link; no login, no second step.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url(follower)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMessage(subject=row.subject, body=row.body + "\n", to=[follower.email], headers=headers)


def unsubscribe_url(follower: Follower) -> str:
    return absolute_url(reverse("boligsocial:following:unsubscribe", args=[tokens.unsubscribe_token(follower)]))


def confirm_url(follower: Follower) -> str:
    return absolute_url(reverse("boligsocial:following:confirm", args=[tokens.confirm_token(follower)]))
