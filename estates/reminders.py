"""Reminders derived from state: what each app says is due, as plain values.

Each app's `<app>/reminders.py` defines `due_reminders(today: date) -> Iterable[DueReminder]`. The
sweep (see `estates.sweep`) collects them from every app and claims each under its unique key
(kind, subject_key, due_on, recipient) in the outbox (`estates.outbox`), which sends what was not sent
before. Nothing is stored ahead of time, so a changed deadline needs no bookkeeping. A reminder is a
`Mail` of category "reminders" (a deadline, a meeting) or "digest" (a weekly overview): the recipient's
switches for those kinds decide whether it goes out, and it carries a one-click unsubscribe link.
"""

from estates.outbox import Mail

DueReminder = Mail

__all__ = ["DueReminder"]
