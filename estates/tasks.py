"""django-q2 entry points for mail: thin wrappers that take ids and call the sweep or the outbox."""

from estates import outbox, sweep


def sweep_reminders() -> str:
    """Scheduled every few minutes (see SCHEDULES in estates/schedules.py)."""
    return str(sweep.sweep())


def send_mails(ids: list[int]) -> str:
    """One batch of claimed mails, over one SMTP connection."""
    return str(outbox.deliver_many(ids))


def send_reminder(sent_reminder_id: int) -> str:
    """A single mail: kept for tasks queued before the outbox sent in batches."""
    return outbox.deliver(sent_reminder_id)
