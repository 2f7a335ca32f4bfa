"""A user's email choices, read in one place by every sender (the outbox asks before claiming and again
before sending) and written by one service (the account settings panel and the unsubscribe link)."""

from collections.abc import Iterable

from django.db import transaction

from estates.models import MailCategory, MailPreferences

OPTIONAL = (MailCategory.NEW_ITEMS, MailCategory.REMINDERS, MailCategory.DIGEST)


def preferences_of(user) -> MailPreferences:
    """The user's saved choices, or the defaults (everything on) unsaved."""
    try:
        return user.mail_preferences
    except MailPreferences.DoesNotExist:
        return MailPreferences(user=user)


def wants(user, category: str) -> bool:
    return preferences_of(user).wants(category)


def recipients_wanting(category: str, user_ids: Iterable[int]) -> set[int]:
    """Of these users, those who want mails of this category (one query; none for service mails)."""
    user_ids = set(user_ids)
    if category not in OPTIONAL or not user_ids:
        return user_ids
    declined = MailPreferences.objects.filter(user_id__in=user_ids, **{category: False}).values_list(
        "user_id", flat=True
    )
    return user_ids - set(declined)


@transaction.atomic
def preferences_set(*, user, **choices: bool) -> MailPreferences:
    """Turn kinds of mail on or off for the user, e.g. `preferences_set(user=u, digest=False)`."""
    unknown = set(choices) - set(OPTIONAL)
    if unknown:
        raise ValueError(f"not an optional kind of mail: {', '.join(sorted(unknown))}")
    preferences = MailPreferences.objects.select_for_update().filter(user=user).first() or MailPreferences(user=user)
    for category, wanted in choices.items():
        setattr(preferences, category, bool(wanted))
    preferences.full_clean()
    preferences.save()
    return preferences
