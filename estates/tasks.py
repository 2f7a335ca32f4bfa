"""django-q2 entry points: thin wrappers that take ids and call the sweep, the outbox or a service."""

from estates import outbox, photos, sweep


def sweep_reminders() -> str:
    """Scheduled every few minutes (see SCHEDULES in estates/schedules.py)."""
    return str(sweep.sweep())


def send_mails(ids: list[int]) -> str:
    """One batch of claimed mails, over one SMTP connection."""
    return str(outbox.deliver_many(ids))


def send_address_mails(ids: list[int]) -> str:
    """One batch of claimed mails to people without an account (AddressMail), over one SMTP connection."""
    return str(outbox.deliver_many(ids, deliver_one=outbox.deliver_to_address))


def send_reminder(sent_reminder_id: int) -> str:
    """A single mail: kept for tasks queued before the outbox sent in batches."""
    return outbox.deliver(sent_reminder_id)


def clean_up_photos() -> str:
    """Nightly: delete photos no finding or update refers to any more (estates.photos.photo_clean_up)."""
    return str(photos.photo_clean_up())
