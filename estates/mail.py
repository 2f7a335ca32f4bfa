"""Render one email: plain text, in the recipient's language (Danish unless they chose another in their
Wagtail profile), with a direct link, a stable Message-ID and, where the recipient may turn it off, a
one-click unsubscribe link. Sending is the outbox's (estates/outbox.py)."""

import re
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context, engines
from django.utils import translation
from django.utils.functional import lazy
from django.utils.module_loading import import_string

from estates.conf import base_url, setting
from estates.models import MailCategory
from estates.unsubscribe import UNSUBSCRIBABLE, unsubscribe_path

DEFAULT_LANGUAGE = "da"
WRAPPER_TEMPLATE = "estates/emails/reminder.txt"
# A context key naming a function (dotted path) that adds context when the mail is sent, e.g. a password link.
LATE_CONTEXT = "late_context"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")


class RecipientUnreachable(Exception):
    """The recipient has no email address (any more) or was deactivated."""


def language_of(user) -> str:
    """The language the user chose in their Wagtail profile, if the site offers it; otherwise Danish."""
    profile = getattr(user, "wagtail_userprofile", None)
    preferred = getattr(profile, "preferred_language", "") or ""
    offered = {code for code, _name in settings.LANGUAGES}
    return preferred if preferred in offered else DEFAULT_LANGUAGE


def absolute_url(url: str) -> str:
    """A link that works from a mail client: the site's base URL (WAGTAILADMIN_BASE_URL) in front of a path;
    the admin if empty."""
    if url.startswith(("https://", "http://")):
        return url
    base = base_url()
    return f"{base}/{url.lstrip('/')}" if url else f"{base}/admin/"


def revive_dates(value):
    """Dates went through JSON as ISO strings; give them back to the template as dates to format."""
    if isinstance(value, dict):
        return {key: revive_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [revive_dates(item) for item in value]
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def render_text(template: str, context: dict) -> str:
    """Render a plain-text template, given by name (`app/emails/x.txt`) or as template source."""
    engine = engines["django"].engine
    looks_like_source = "{" in template or "\n" in template
    compiled = engine.from_string(template) if looks_like_source else engine.get_template(template)
    text = compiled.render(Context(context, autoescape=False))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _render_line(template: str, context: dict) -> str:
    return " ".join(render_text(template, context).split())


render_line_lazy = lazy(_render_line, str)
"""A one-line text (an email subject) from a template, rendered when it is read: the sweep reads it in
the recipient's language. Lets an app keep the wording of its subjects in translatable templates."""


def render_mail(row, *, message_id: str) -> EmailMessage:
    """The email for one claimed mail (a SentReminder row with its recipient), in the recipient's language,
    with the Message-ID of its key and, for mails the recipient may turn off, a one-click unsubscribe link."""
    user = row.recipient
    if not user.is_active or not user.email:
        raise RecipientUnreachable()
    language = language_of(user)
    show_link = bool(row.url) or row.category != MailCategory.SERVICE
    url = absolute_url(row.url) if show_link else ""
    unsubscribe = absolute_url(unsubscribe_path(user, row.category)) if row.category in UNSUBSCRIBABLE else ""
    context = revive_dates(row.context)
    late = context.pop(LATE_CONTEXT, None)
    if late:
        # Context that must not wait in the database (a password link): made at the moment of sending.
        context.update(import_string(late)(user))
    with translation.override(language):
        context = {**context, "url": url, "recipient_name": user.first_name}
        body = render_text(row.body_template, context)
        text = render_text(
            WRAPPER_TEMPLATE,
            {
                "body": body,
                "url": url,
                "recipient_name": user.first_name,
                "site_name": setting("WAGTAIL_SITE_NAME"),
                "category": row.category,
                "unsubscribe_url": unsubscribe,
            },
        )
    headers = {"Message-ID": message_id, "Auto-Submitted": "auto-generated", "Content-Language": language}
    if unsubscribe:
        # RFC 8058: mail providers offer their own unsubscribe button and POST to the link, no login needed.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMessage(subject=row.subject, body=text + "\n", to=[user.email], headers=headers)


def render_address_mail(row) -> EmailMessage:
    """The email for one claimed mail to an address (an AddressMail row): its text as the feature rendered it
    when claiming, its attachments, and a one-click unsubscribe link if the feature gave one."""
    headers = {
        "Message-ID": row.message_id,
        "Auto-Submitted": "auto-generated",
        "Content-Language": row.language or DEFAULT_LANGUAGE,
    }
    if row.unsubscribe_url:
        # RFC 8058: the mail client's own unsubscribe button POSTs to the link; no login, no second step.
        headers["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMessage(subject=row.subject, body=row.body + "\n", to=[row.address], headers=headers)
    for filename, content, mimetype in row.attachments:
        message.attach(filename, content, mimetype)
    return message
