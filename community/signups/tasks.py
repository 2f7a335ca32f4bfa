"""django-q2 entry points of the sign-ups: call a service (their mails are sent by the outbox's task)."""

from community.signups import services


def erase_expired() -> int:
    """Nightly (community/schedules.py): contact data of sign-ups past the retention time."""
    return services.erase_expired()
