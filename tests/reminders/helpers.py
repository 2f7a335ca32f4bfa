"""Small builders for the reminder tests: due reminders from a stand-in app, and mail servers that fail."""

import itertools
import smtplib
from datetime import date

from django.core.mail.backends.base import BaseEmailBackend
from django.utils.translation import gettext_lazy as _

from estates.reminders import DueReminder

_counter = itertools.count(1)

BODY = "{% load i18n %}{% translate 'What is to be done:' %} {{ deadline|date }}"


def due_reminder(recipient, **kwargs) -> DueReminder:
    kwargs.setdefault("kind", "tests.deadline")
    kwargs.setdefault("subject_key", f"thing:{next(_counter)}")
    kwargs.setdefault("due_on", date(2026, 12, 7))
    kwargs.setdefault("subject", _("Reminders log"))
    kwargs.setdefault("body_template", BODY)
    kwargs.setdefault("context", {"deadline": kwargs["due_on"]})
    kwargs.setdefault("url", "/admin/")
    return DueReminder(recipient_id=recipient.pk, **kwargs)


def source(*reminders: DueReminder):
    """An app's `due_reminders`, answering the same reminders whatever the day."""

    def due_reminders(today):
        return list(reminders)

    return due_reminders


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, naming the address in its error (as real ones do)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, f"5.1.1 <{address}> unknown".encode()) for m in email_messages for address in m.to}
        )


class DownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
