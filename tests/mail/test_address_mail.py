"""The outbox's mails to addresses without an account: claimed once, leased, retried, with attachments and
an optional one-click unsubscribe."""

import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from estates import outbox, tasks
from estates.models import AddressMail

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"someone@example.dk": (550, b"no")})


def resident_mail(**fields) -> outbox.AddressedMail:
    return outbox.AddressedMail(
        **{
            "kind": "tests.receipt",
            "subject_key": "thing:1",
            "due_on": date(2026, 12, 1),
            "address": "beboer@example.dk",
            "subject": "Tak  for\nbeskeden",
            "body": "Vi har {{ fået }} den.",
            **fields,
        }
    )


def test_a_mail_to_an_address_is_claimed_and_sent_once_with_its_attachment():
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    claimed = outbox.claim_for_addresses([resident_mail(attachments=(("a.ics", ics, "text/calendar"),))])
    again = outbox.claim_for_addresses([resident_mail(attachments=(("a.ics", ics, "text/calendar"),))])
    assert len(claimed) == 1 and again == []
    assert outbox.deliver_to_address(claimed[0]) == "nothing to send"  # sent already, by the sync worker
    [message] = mail.outbox
    assert message.to == ["beboer@example.dk"] and message.subject == "Tak for beskeden"
    assert message.body == "Vi har {{ fået }} den.\n"  # the feature's text, never rendered again
    assert message.attachments == [("a.ics", ics, "text/calendar")]
    assert "List-Unsubscribe" not in message.extra_headers
    row = AddressMail.objects.get()
    assert message.extra_headers["Message-ID"] == row.message_id and row.status == AddressMail.Status.SENT


def test_an_unsubscribe_link_gives_the_rfc_8058_headers():
    outbox.claim_for_addresses([resident_mail(unsubscribe_url="https://example.dk/afmeld/x/")])
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe"] == "<https://example.dk/afmeld/x/>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_refused_mail_is_retried_after_its_backoff_with_the_same_message_id(settings):
    settings.EMAIL_BACKEND = "tests.mail.test_address_mail.RefusingBackend"
    [pk] = outbox.claim_for_addresses([resident_mail()], enqueue=lambda ids: None)
    with pytest.raises(outbox.MailNotSent, match="SMTPRecipientsRefused"):
        tasks.send_address_mails([pk])
    row = AddressMail.objects.get()
    assert row.status == AddressMail.Status.FAILED and "beboer" not in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.retry_events() == 0
    assert outbox.retry_events(now=timezone.now() + timedelta(minutes=6)) == 1
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [row.message_id]
    assert outbox.retry_events(now=timezone.now() + timedelta(hours=7)) == 0  # sent: never again


def test_a_mail_without_an_address_is_none_and_an_erased_row_is_not_sent():
    assert outbox.claim_for_addresses([resident_mail(address="")]) == []
    [pk] = outbox.claim_for_addresses([resident_mail()], enqueue=lambda ids: None)
    AddressMail.objects.about("thing:1").delete()
    assert tasks.send_address_mails([pk]) == str({"nothing to send": 1})
    assert mail.outbox == []
