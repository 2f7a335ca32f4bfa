"""A claim writes its batch of rows in one INSERT and keeps every field a send and the reminders log read."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from estates import outbox
from estates.models import MailCategory, SentReminder
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def reminder(recipient, n: int) -> outbox.Mail:
    return outbox.Mail(
        kind="tests.deadline",
        subject_key=f"thing:{n}",
        due_on=date(2026, 12, 8),
        recipient_id=recipient.pk,
        subject=f"Fristen nærmer sig: ting {n}",
        body_template="{{ what }}",
        context={"what": f"Ting {n}", "deadline": date(2026, 12, 8)},
        url=f"/admin/things/{n}/",
        category=MailCategory.REMINDERS,
    )


@freeze_time("2026-12-01 08:00:00+01:00")
def test_each_batch_of_a_claim_is_one_insert_and_each_mail_one_row():
    recipient = make_user(email="sara@example.org")
    mails = [reminder(recipient, n) for n in range(5)]
    handed = []

    with CaptureQueriesContext(connection) as queries:
        assert outbox.claim(mails, enqueue=handed.extend, batch_size=2) == (5, 0)

    inserts = [q for q in queries if "INSERT" in q["sql"] and "estates_sentreminder" in q["sql"]]
    assert len(inserts) == 3  # batches of 2, 2 and 1
    assert sorted(handed) == sorted(SentReminder.objects.values_list("pk", flat=True))
    row = SentReminder.objects.get(subject_key="thing:3")
    assert (row.kind, row.due_on, row.recipient_id, row.category) == (
        "tests.deadline",
        date(2026, 12, 8),
        recipient.pk,
        MailCategory.REMINDERS,
    )
    assert (row.subject, row.body_template, row.url) == ("Fristen nærmer sig: ting 3", "{{ what }}", "/admin/things/3/")
    assert row.context == {"what": "Ting 3", "deadline": "2026-12-08"}
    assert row.message_id == outbox.message_id_for("tests.deadline", "thing:3", date(2026, 12, 8), recipient.pk)
    assert (row.status, row.attempts, row.last_error, row.locked_until, row.sent_at) == ("claimed", 0, "", None, None)
    assert row.claimed_at == timezone.now()
    assert row.next_attempt_at == timezone.now() + outbox.stale_after()

    # Claimed again (a second sweep, a retried task): nothing new, nothing handed over twice.
    assert outbox.claim(mails, enqueue=handed.extend, batch_size=2) == (0, 0)
    assert len(handed) == 5
    assert SentReminder.objects.count() == 5
