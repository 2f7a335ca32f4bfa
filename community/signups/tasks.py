"""django-q2 entry points of the sign-ups: take ids, call the mail module or a service."""

from community.signups import mail, services


def send_mails(ids: list[int]) -> dict[str, int]:
    return mail.deliver_many(ids)


def erase_expired() -> int:
    """Nightly (community/schedules.py): contact data of sign-ups past the retention time."""
    return services.erase_expired()
