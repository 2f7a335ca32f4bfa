"""Settings of following, with their defaults (a host overrides them in its settings)."""

from django.conf import settings

DEFAULTS = {
    # A follower's address is removed this many months after the follow last had news to tell
    # (the later of confirming and the last digest). Unsubscribing removes it at once.
    "BOLIGSOCIAL_FOLLOWER_RETENTION_MONTHS": 12,
    # A follow request whose confirmation link was not used is removed after this many days.
    "BOLIGSOCIAL_FOLLOW_CONFIRM_DAYS": 7,
    # Follow requests per hour from one client address (the form's rate limit).
    "BOLIGSOCIAL_FOLLOWS_PER_ADDRESS": 5,
    # A digest lists at most this many rows of each kind, then says how many more there are.
    "BOLIGSOCIAL_DIGEST_ROWS": 10,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
