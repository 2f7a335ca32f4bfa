"""django-q2 entry points for reminders: thin wrappers that take ids and call the sweep."""

from estates import sweep


def sweep_reminders() -> str:
    """Scheduled every few minutes (see SCHEDULES in estates/schedules.py)."""
    return str(sweep.sweep())


def send_reminder(sent_reminder_id: int) -> str:
    return sweep.deliver(sent_reminder_id)
