"""Mail to followers, who have an address but no account, through the plugin's outbox (estates/outbox.py):
claimed once under (kind, "follower:<id>", day, address), leased, sent with a stable Message-ID, retried
with the outbox's backoff. This module only says what a follower's mails are and where their links go."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from estates import outbox
from estates.mail import absolute_url
from estates.models import AddressMail
from safety_walks.following import tokens
from safety_walks.models.following import Follower

KIND_PREFIX = "safety_walks.following."
CONFIRM = f"{KIND_PREFIX}confirm"
DIGEST = f"{KIND_PREFIX}digest"


def about(follower_id: int) -> str:
    """The outbox's subject key of a follower's mails."""
    return f"follower:{follower_id}"


def follower_of(subject_key: str) -> int:
    return int(subject_key.removeprefix("follower:"))


def follower_mail(follower: Follower, kind: str, *, due_on: date, subject: str, body: str) -> outbox.AddressedMail:
    """One mail to a follower, its text rendered by the caller; a digest carries the one-click unsubscribe."""
    return outbox.AddressedMail(
        kind=kind,
        subject_key=about(follower.pk),
        due_on=due_on,
        address=follower.email,
        subject=subject,
        body=body,
        language=language_of(follower),
        unsubscribe_url=unsubscribe_url(follower) if kind == DIGEST else "",
    )


def claim(mails: list[outbox.AddressedMail], *, enqueue: outbox.Enqueue = outbox.enqueue_address_sends) -> list[int]:
    """Claim the mails not claimed before (the outbox's unique key decides); the ids this claimer won."""
    return outbox.claim_for_addresses(mails, enqueue=enqueue)


def claim_after_commit(mails: list[outbox.AddressedMail]) -> list[int]:
    """For a mail caused by a change being saved: handed to the workers once the change is committed."""
    return outbox.claim_for_addresses_after_commit(mails)


def mails_of(follower_ids: Iterable[int]):
    """The outbox's rows of these followers' mails."""
    return AddressMail.objects.about(*[about(pk) for pk in follower_ids])


def forget(follower_ids: Iterable[int]) -> int:
    """Erase the mails of these followers (their address and text) with the followers."""
    return mails_of(follower_ids).delete()[0]


def language_of(follower: Follower) -> str:
    """The language the follower asked in, if the site still offers it; else the site's language."""
    return follower.language if follower.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def unsubscribe_url(follower: Follower) -> str:
    """Under the follower's language prefix, like every link they receive (also the List-Unsubscribe header)."""
    with translation.override(language_of(follower)):
        return absolute_url(reverse("boligsocial:following:unsubscribe", args=[tokens.unsubscribe_token(follower)]))


def confirm_url(follower: Follower) -> str:
    with translation.override(language_of(follower)):
        return absolute_url(reverse("boligsocial:following:confirm", args=[tokens.confirm_token(follower)]))
