"""One-click unsubscribe: a signed token per user and kind of mail, good without logging in (RFC 8058).

The token is Django's signing of (user id, kind) with its own salt: it cannot be forged or switched to
another user or kind without SECRET_KEY, and it does not expire (a link in an old mail still works).
"""

from django.core import signing
from django.urls import reverse

from estates.models import MailCategory

SALT = "boligsocial.unsubscribe"
UNSUBSCRIBABLE = (MailCategory.NEW_ITEMS, MailCategory.REMINDERS, MailCategory.DIGEST)


class BadToken(Exception):
    """The token was changed, cut short, or names a kind of mail that cannot be turned off."""


def make_token(user, category: str) -> str:
    if category not in UNSUBSCRIBABLE:
        raise ValueError(f"{category} mails cannot be unsubscribed")
    return signing.dumps([user.pk, str(category)], salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str]:
    """(user id, kind) of a token; BadToken if it is not one we made."""
    try:
        user_id, category = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise BadToken() from error
    if not isinstance(user_id, int) or category not in UNSUBSCRIBABLE:
        raise BadToken()
    return user_id, category


def unsubscribe_path(user, category: str) -> str:
    return reverse("boligsocial:unsubscribe", args=[make_token(user, category)])
