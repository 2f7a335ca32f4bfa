"""Reminders derived from state: what each app says is due, as plain values.

Each app's `<app>/reminders.py` defines `due_reminders(today: date) -> Iterable[DueReminder]`. The
sweep (see `estates.sweep`) collects them from every app, records each under its unique
key (kind, subject_key, due_on, recipient) and sends what was not sent before. Nothing is stored
ahead of time, so a changed deadline needs no bookkeeping.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DueReminder:
    kind: str  # e.g. "safety_walks.responsibility_due_in_7_days"
    subject_key: str  # the object it is about, e.g. "responsibility:42"; for a digest, "digest:2026-W48"
    due_on: date  # the date the reminder is for (deadline, meeting date, digest week start)
    recipient_id: int  # a user id; email and language are read from the user when sending
    subject: str  # email subject, already in the recipient's language
    body_template: str  # a Django template for the plain-text body
    context: dict = field(default_factory=dict)  # JSON-serialisable context for the body
    url: str = ""  # the direct link, absolute
