"""Emails to residents who signed up (they have no account), through the plugin's outbox.

The outbox (estates/outbox.py) claims each mail once under its key (kind, "signup:<id>", day, address),
leases, sends, marks and retries it. This module only says what a sign-up's mails are: their kind, their
text in the language the resident signed up in, and the .ics of the activity for a confirmed place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import describe
from community.signups import availability
from community.signups.calendar import signup_calendar
from community.signups.records import MailKind
from estates import i18n, outbox
from estates.conf import setting
from estates.mail import absolute_url, render_text
from estates.models import AddressMail

KIND_PREFIX = "community.signup_"
TEMPLATES = {
    MailKind.CONFIRMED: "community/emails/signup_confirmed.txt",
    MailKind.WAITING: "community/emails/signup_waiting.txt",
    MailKind.MOVED_UP: "community/emails/signup_moved_up.txt",
    MailKind.REMINDER: "community/emails/signup_reminder.txt",
    MailKind.MESSAGE: "community/emails/signup_message.txt",
}
WITH_CALENDAR = {MailKind.CONFIRMED, MailKind.MOVED_UP}


def cancel_url(signup) -> str:
    """The cancel link, under the active language's prefix (call it in the resident's language)."""
    return absolute_url(reverse("boligsocial:signups:cancel", args=[signup.token]))


def language_of(signup) -> str:
    """The language the resident signed up in, if the site still offers it; else the site's language."""
    return signup.language if signup.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def about(signup_id: int) -> str:
    """The outbox's subject key of a sign-up's mails."""
    return f"signup:{signup_id}"


def signup_of(row_subject_key: str) -> int:
    return int(row_subject_key.removeprefix("signup:"))


def mails_of(signup_ids: Iterable[int]):
    """The outbox's rows of these sign-ups' mails."""
    return AddressMail.objects.about(*[about(pk) for pk in signup_ids])


def messages_to(signup_ids: Iterable[int]):
    """Staff's messages to these sign-ups."""
    return mails_of(signup_ids).filter(kind__startswith=f"{KIND_PREFIX}{MailKind.MESSAGE}:")


def forget(signup_ids: Iterable[int]) -> int:
    """Erase the mails of these sign-ups (their address and text) with the sign-ups."""
    return mails_of(signup_ids).delete()[0]


def forget_claimed_before(moment) -> int:
    """The retention rule of the sign-ups' mails (the nightly erase_expired)."""
    return AddressMail.objects.of_feature(KIND_PREFIX).claimed_before(moment).delete()[0]


def send(signup, kind: str, *, subject: str = "", body: str = "") -> int:
    """Claim one mail to the sign-up's address (none without an address); it goes once the caller commits."""
    return len(outbox.claim_for_addresses_after_commit([addressed(signup, kind, subject=subject, body=body)]))


def claim(mails: Iterable[outbox.AddressedMail]) -> list[int]:
    """Claim the mails not claimed before; the ids of the rows claimed now."""
    return outbox.claim_for_addresses_after_commit(mails)


def addressed(
    signup,
    kind: str,
    *,
    key: str = "",
    due_on: date | None = None,
    subject: str = "",
    body: str = "",
    presented: dict | None = None,
) -> outbox.AddressedMail:
    """One mail to a sign-up, rendered now. `key` tells a message from the others; `due_on` is the day of
    the occurrence a reminder is for (otherwise the day of the sign-up); `presented` ({(activity id, language):
    page}, from `presented_activities`) saves a sweep a query per mail."""
    activity = signup.activity.with_schedule()
    language = language_of(signup)
    with translation.override(language):
        # The activity as the resident read it: its translation (or Danish alias) under their language's prefix.
        shown = (presented or {}).get((activity.pk, language)) or i18n.presented([activity])[activity.pk]
        # (A translation has no address of its own without Wagtail's per-locale routing: the activity's then.)
        activity_url = absolute_url(shown.url or activity.url or "")
        context = {
            "name": signup.name,
            "activity": shown.title,
            "when": when_text(signup),
            "place": activity.place_label,
            "people": signup.people,
            "note": signup.note,
            "activity_url": activity_url,
            "cancel_url": cancel_url(signup),
            "message": body,
            "site_name": setting("WAGTAIL_SITE_NAME"),
        }
        text = render_text(TEMPLATES[kind], context)
        subject = subject or _subject(kind, shown.title)
        attachments = ()
        if kind in WITH_CALENDAR:  # the event in the resident's language too: its title and theme
            ics = signup_calendar(signup, url=activity_url, title=shown.title).decode()  # kept as text on the row
            attachments = ((f"{activity.slug}.ics", ics, "text/calendar"),)
    return outbox.AddressedMail(
        kind=f"{KIND_PREFIX}{kind}:{key}" if key else f"{KIND_PREFIX}{kind}",
        subject_key=about(signup.pk),
        due_on=due_on or timezone.localdate(signup.created_at),
        address=signup.email,
        subject=subject,
        body=text,
        language=language,
        attachments=attachments,
    )


def presented_activities(signups) -> dict:
    """{(activity id, language): the page a reader of that language sees}: one look-up per language, for many mails."""
    by_language: dict[str, dict] = {}
    for signup in signups:
        by_language.setdefault(language_of(signup), {})[signup.activity_id] = signup.activity
    shown = {}
    for language, activities in by_language.items():
        with translation.override(language):
            for pk, page in i18n.presented(activities.values()).items():
                shown[(pk, language)] = page
    return shown


def when_text(signup) -> str:
    """When the sign-up is for, as the activity page says it."""
    activity = signup.activity
    if activity.is_recurring and signup.occurrence_start is None:
        return _("Every time: %(repetition)s") % {"repetition": describe.repetition(activity)}
    occurrence = availability.find_occurrence(activity, signup.occurrence_start)
    if occurrence is None:
        return ""
    return f"{describe.full_date(occurrence.first_day)}, {describe.when(occurrence)}"


def _subject(kind: str, title: str) -> str:
    subjects = {
        MailKind.CONFIRMED: _("You are signed up: %(title)s"),
        MailKind.WAITING: _("You are on the waiting list: %(title)s"),
        MailKind.MOVED_UP: _("A place is free, you are signed up: %(title)s"),
        MailKind.REMINDER: _("Reminder: %(title)s"),
        MailKind.MESSAGE: _("News about %(title)s"),
    }
    return subjects[kind] % {"title": title}
