"""The outbox: one claim per key, a lease per send, the same Message-ID on every attempt, sends queued in
batches, and notifications or invitations whose send never finished handed over again."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from freezegun import freeze_time

from estates import outbox
from estates.models import MailCategory, SentReminder
from tests.builders import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-12-01 08:00:00+01:00"
BODY = "{% load i18n %}{{ what }}"


def event_mail(recipient, n=1, **kwargs) -> outbox.Mail:
    kwargs.setdefault("category", MailCategory.NEW_ITEMS)
    return outbox.Mail(
        kind="tests.event",
        subject_key=f"thing:{n}",
        due_on=date(2026, 12, 1),
        recipient_id=recipient.pk,
        subject=f"Ny ting {n}",
        body_template=BODY,
        context={"what": f"Ting nummer {n}"},
        url="/admin/",
        **kwargs,
    )


@pytest.fixture
def recipient(db):
    return make_user(first_name="Sara", email="sara@example.org")


@freeze_time(NOW)
def test_the_same_mail_claimed_twice_is_one_row_and_one_email(recipient):
    assert outbox.claim([event_mail(recipient)]) == (1, 0)
    assert outbox.claim([event_mail(recipient)]) == (0, 0)

    assert len(mail.outbox) == 1
    assert SentReminder.objects.get().status == SentReminder.Status.SENT


@freeze_time(NOW)
def test_the_message_id_is_derived_from_the_key_and_the_same_on_every_attempt(recipient):
    with override_settings(EMAIL_BACKEND="tests.reminders.helpers.DownBackend"):
        outbox.claim([event_mail(recipient)])
    row = SentReminder.objects.get()
    assert row.status == SentReminder.Status.FAILED
    expected = outbox.message_id_for("tests.event", "thing:1", date(2026, 12, 1), recipient.pk)
    assert row.message_id == expected
    assert expected.startswith("<") and expected.endswith(".boligsocial@127.0.0.1>")

    with freeze_time("2026-12-01 08:06:00+01:00"):
        assert outbox.retry_events() == 1
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == expected
    assert "Message-ID: " + expected in message.message().as_string()
    # Another key, another Message-ID.
    assert outbox.message_id_for("tests.event", "thing:2", date(2026, 12, 1), recipient.pk) != expected


@freeze_time(NOW)
def test_sends_are_queued_in_batches_of_twenty_and_each_row_once(recipient):
    batches = []
    claimed, missed = outbox.claim([event_mail(recipient, n) for n in range(45)], enqueue=batches.append)

    assert (claimed, missed) == (45, 0)
    assert [len(batch) for batch in batches] == [20, 20, 5]
    assert len({pk for batch in batches for pk in batch}) == 45
    assert mail.outbox == []


@freeze_time(NOW)
def test_a_batch_goes_on_after_one_failed_mail_and_reports_it(recipient):
    no_longer_active = make_user(email="gone@example.org")
    outbox.claim(
        [event_mail(recipient, 1), event_mail(no_longer_active, 2), event_mail(recipient, 3)], enqueue=lambda ids: None
    )
    type(no_longer_active).objects.filter(pk=no_longer_active.pk).update(is_active=False)
    ids = list(SentReminder.objects.order_by("pk").values_list("pk", flat=True))

    with pytest.raises(outbox.MailNotSent, match="RecipientUnreachable"):
        outbox.deliver_many(ids)

    assert sorted(m.subject for m in mail.outbox) == ["Ny ting 1", "Ny ting 3"]
    failed = SentReminder.objects.get(recipient=no_longer_active)
    assert (failed.status, failed.next_attempt_at) == ("failed", timezone.now() + timedelta(minutes=5))


@freeze_time(NOW)
def test_a_notification_whose_worker_died_is_handed_over_again_once_its_claim_is_stale(recipient):
    outbox.claim([event_mail(recipient)], enqueue=lambda ids: None)  # the task was lost with its worker

    assert outbox.retry_events() == 0  # not before the claim is stale
    with freeze_time("2026-12-01 08:16:00+01:00"):
        assert outbox.retry_events() == 1
        assert outbox.retry_events() == 0
    assert len(mail.outbox) == 1


@freeze_time(NOW)
def test_a_mail_leased_by_a_live_worker_is_not_sent_again_until_the_lease_expires(recipient):
    outbox.claim([event_mail(recipient)], enqueue=lambda ids: None)
    row = SentReminder.objects.get()
    SentReminder.objects.filter(pk=row.pk).update(locked_until=timezone.now() + outbox.lease())

    assert outbox.deliver(row.pk) == "nothing to send"
    with freeze_time("2026-12-01 08:16:00+01:00"):
        assert outbox.retry_events() == 1  # the lease ran out: that worker died mid-send
    assert len(mail.outbox) == 1


@freeze_time(NOW)
def test_an_event_mail_is_given_up_after_eight_failed_attempts(recipient):
    outbox.claim([event_mail(recipient)], enqueue=lambda ids: None)
    SentReminder.objects.update(status="failed", attempts=outbox.MAX_EVENT_ATTEMPTS, next_attempt_at=timezone.now())

    assert outbox.retry_events() == 0


@freeze_time(NOW)
def test_reminders_are_left_to_the_sweep_which_retries_them_only_while_due(recipient):
    outbox.claim([event_mail(recipient, category=MailCategory.REMINDERS)], enqueue=lambda ids: None)
    with freeze_time("2026-12-01 09:00:00+01:00"):
        assert outbox.retry_events() == 0
