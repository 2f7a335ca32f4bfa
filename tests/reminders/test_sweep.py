"""The sweep and the send task: each due reminder is claimed once, sent once, and never lost."""

import io
import traceback
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_q.models import Schedule
from freezegun import freeze_time
from wagtail.users.models import UserProfile

from estates import outbox, tasks
from estates import sweep as sweeping
from estates.models import SentReminder
from tests.builders import make_user
from tests.reminders.helpers import due_reminder, source

pytestmark = pytest.mark.django_db

NOW = "2026-12-01 08:00:00+01:00"


@pytest.fixture
def recipient(db):
    return make_user(first_name="Sara", email="sara@example.org")


@freeze_time(NOW)
def test_a_due_reminder_is_sent_by_email_and_logged(recipient):
    result = sweeping.sweep(sources=[source(due_reminder(recipient, subject_key="responsibility:1"))])

    assert (result.due, result.claimed) == (1, 1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sara@example.org"]
    row = SentReminder.objects.get()
    assert (row.subject_key, row.status, row.attempts) == ("responsibility:1", SentReminder.Status.SENT, 1)
    assert row.sent_at == timezone.now()


@freeze_time(NOW)
def test_a_reminder_already_sent_is_not_sent_again_by_later_sweeps(recipient):
    reminders = source(due_reminder(recipient, subject_key="responsibility:1"))
    sweeping.sweep(sources=[reminders])
    with freeze_time("2026-12-02 08:00:00+01:00"):
        again = sweeping.sweep(sources=[reminders])

    assert (again.claimed, again.retried) == (0, 0)
    assert len(mail.outbox) == 1


@freeze_time(NOW)
def test_a_changed_deadline_is_a_new_reminder_without_bookkeeping(recipient):
    sweeping.sweep(sources=[source(due_reminder(recipient, subject_key="r:1", due_on=date(2026, 12, 7)))])
    sweeping.sweep(sources=[source(due_reminder(recipient, subject_key="r:1", due_on=date(2026, 12, 14)))])

    assert len(mail.outbox) == 2
    assert SentReminder.objects.filter(subject_key="r:1").count() == 2


@freeze_time(NOW)
def test_the_same_reminder_from_two_places_in_one_sweep_is_sent_once(recipient):
    reminder = due_reminder(recipient)
    sweeping.sweep(sources=[source(reminder, reminder), source(reminder)])

    assert len(mail.outbox) == 1


@freeze_time(NOW)
def test_a_duplicate_send_task_finds_nothing_to_send(recipient):
    sweeping.sweep(sources=[source(due_reminder(recipient))])
    row = SentReminder.objects.get()

    assert outbox.deliver(row.pk) == "nothing to send"
    assert len(mail.outbox) == 1
    assert SentReminder.objects.get().attempts == 1


@freeze_time(NOW)
def test_a_reminder_another_worker_is_sending_right_now_is_left_to_it(recipient):
    sweeping.sweep(sources=[source(due_reminder(recipient))], enqueue=lambda ids: None)
    row = SentReminder.objects.get()
    SentReminder.objects.filter(pk=row.pk).update(locked_until=timezone.now() + timedelta(minutes=5))

    assert outbox.deliver(row.pk) == "nothing to send"
    assert mail.outbox == []


@freeze_time(NOW)
@override_settings(EMAIL_BACKEND="tests.reminders.helpers.DownBackend")
def test_a_failing_mail_server_delays_the_reminder_and_loses_nothing(recipient):
    reminders = source(due_reminder(recipient))
    sweeping.sweep(sources=[reminders])
    row = SentReminder.objects.get()
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "SMTPServerDisconnected")

    # Backoff: a sweep one minute later leaves it alone; one after five minutes tries again.
    with freeze_time("2026-12-01 08:01:00+01:00"):
        assert sweeping.sweep(sources=[reminders]).retried == 0
    with freeze_time("2026-12-01 08:06:00+01:00"):
        assert sweeping.sweep(sources=[reminders]).retried == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 2)
    assert row.next_attempt_at == datetime.fromisoformat("2026-12-01 08:16:00+01:00")

    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        freeze_time("2026-12-01 08:20:00+01:00"),
    ):
        assert sweeping.sweep(sources=[reminders]).retried == 1
        assert sweeping.sweep(sources=[reminders]).retried == 0
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")
    assert len(mail.outbox) == 1


@freeze_time(NOW)
@override_settings(EMAIL_BACKEND="tests.reminders.helpers.RefusingBackend")
def test_a_refused_reminder_keeps_no_address_in_the_log_or_the_task_record(recipient):
    sweeping.sweep(sources=[source(due_reminder(recipient))], enqueue=lambda ids: None)
    row = SentReminder.objects.get()

    with pytest.raises(outbox.MailNotSent) as refused:
        tasks.send_reminder(row.pk)

    row.refresh_from_db()
    assert (row.status, row.last_error) == ("failed", "SMTPRecipientsRefused")
    # What a django-q2 worker stores for a failed task: the error and its traceback.
    stored = f"{refused.value} : {''.join(traceback.format_exception(refused.value))}"
    assert "SMTPRecipientsRefused" in stored
    assert "sara@example.org" not in stored


@freeze_time(NOW)
def test_the_backoff_grows_with_each_attempt_up_to_six_hours():
    assert [outbox.retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (5, 10, 20)]
    assert outbox.retry_delay(30) == timedelta(hours=6)


class WorkerKilled(BaseException):
    """Like SIGKILL or a power cut: nothing in the sweep gets to handle it."""


def stop_after(count: int):
    """An enqueue that dies like a killed worker once it has handed over `count` batches of sends."""
    handed = []

    def enqueue(ids):
        if len(handed) == count:
            raise WorkerKilled()
        handed.append(ids)
        outbox.enqueue_sends(ids)

    return enqueue


@freeze_time(NOW)
def test_a_worker_stopped_mid_sweep_loses_nothing_after_a_restart(recipient):
    reminders = source(*[due_reminder(recipient, subject_key=f"r:{n:02d}") for n in range(70)])
    with pytest.raises(WorkerKilled):
        # Claims in batches of 30, handed over 20 at a time: killed before the last 10 of the second 30.
        sweeping.sweep(sources=[reminders], enqueue=stop_after(3), batch_size=30)
    assert len(mail.outbox) == 50
    assert SentReminder.objects.filter(status="claimed").count() == 10  # claimed, never handed over
    assert SentReminder.objects.count() == 60  # the third batch was never reached

    # Restarted at once: the half-done batch waits for its claims to go stale; the rest goes out now.
    sweeping.sweep(sources=[reminders])
    assert len(mail.outbox) == 60
    with freeze_time("2026-12-01 08:16:00+01:00"):
        assert sweeping.sweep(sources=[reminders]).retried == 10

    assert len(mail.outbox) == 70
    assert SentReminder.objects.filter(status="sent", attempts=1).count() == 70
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == 70


@freeze_time(NOW)
def test_a_reminder_that_stopped_being_due_is_not_retried(recipient):
    sweeping.sweep(sources=[source(due_reminder(recipient))], enqueue=lambda ids: None)
    with freeze_time("2026-12-01 09:00:00+01:00"):
        assert sweeping.sweep(sources=[source()]).retried == 0

    assert mail.outbox == []


@freeze_time(NOW)
def test_inactive_recipients_and_recipients_without_email_get_nothing(recipient):
    inactive = make_user(is_active=False)
    no_email = make_user(email="")
    result = sweeping.sweep(sources=[source(*(due_reminder(user) for user in (recipient, inactive, no_email)))])

    assert result.claimed == 1
    assert [m.to for m in mail.outbox] == [["sara@example.org"]]


@freeze_time(NOW)
def test_one_failing_app_does_not_stop_the_other_apps_reminders(recipient):
    def broken(today):
        raise RuntimeError("boom")

    with pytest.raises(sweeping.SweepIncomplete):
        sweeping.sweep(sources=[broken, source(due_reminder(recipient))])

    assert len(mail.outbox) == 1


def test_the_sweep_asks_every_app_that_defines_due_reminders():
    modules = {fn.__module__ for fn in sweeping.app_sources()}

    assert {"safety_walks.reminders", "community.reminders", "mediation.reminders"} <= modules
    assert "estates.reminders" not in modules  # the interface module defines no reminders itself


@freeze_time(NOW)
def test_a_sweep_over_every_app_runs_cleanly_on_an_empty_estate():
    assert sweeping.sweep().claimed == 0


def test_setting_up_the_schedules_twice_leaves_one_sweep_every_five_minutes():
    call_command("setup_schedules", stdout=io.StringIO())
    call_command("setup_schedules", stdout=io.StringIO())

    (schedule,) = Schedule.objects.filter(func="estates.tasks.sweep_reminders")
    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 5, -1)


@freeze_time(NOW)
def test_each_recipient_reads_the_reminder_in_their_own_language_danish_by_default(recipient):
    reader_of_english = make_user(email="reader@example.org")
    profile = UserProfile.get_for_user(reader_of_english)
    profile.preferred_language = "en"
    profile.save()

    sweeping.sweep(sources=[source(due_reminder(recipient), due_reminder(reader_of_english))])

    by_address = {message.to[0]: message for message in mail.outbox}
    danish, english = by_address["sara@example.org"], by_address["reader@example.org"]
    assert danish.subject == "Påmindelseslog"
    assert danish.body.startswith("Kære Sara,\n\nDet skal gøres: 7. december 2026\n\nÅbn det her:")
    assert english.subject == "Reminders log"
    assert english.body.startswith("Hello,\n\nWhat is to be done: Dec. 7, 2026\n\nOpen it here:")
    assert english.extra_headers["Content-Language"] == "en"


@freeze_time(NOW)
@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://tryghed.example/vandringer/1/", "https://tryghed.example/vandringer/1/"),
        ("/admin/safety-walks/finding/7/update/", "http://127.0.0.1:8000/admin/safety-walks/finding/7/update/"),
        ("", "http://127.0.0.1:8000/admin/"),
    ],
)
def test_every_reminder_carries_a_direct_absolute_link(recipient, url, link):
    sweeping.sweep(sources=[source(due_reminder(recipient, url=url))])

    assert f"\n{link}\n" in mail.outbox[0].body
