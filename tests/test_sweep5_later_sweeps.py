"""A sweep every five minutes mostly finds what is due claimed already: it reads the bare keys and builds nothing
more, yet still reminds a mediator assigned since, and retries a send that failed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from estates import roles
from estates.models import SentReminder
from estates.sweep import sweep
from mediation.reminders import due_reminders
from tests.builders import make_user
from tests.mediation.builders import make_agreement, make_case

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture
def follow_up(mediator_user):
    colleague = make_user(roles.STAFF, roles.MEDIATORS, username="kollega")
    case = make_case(mediators=[mediator_user, colleague])
    make_agreement(case=case, follow_up_on=date(2026, 3, 12))
    return case


@freeze_time("2026-03-10 08:00")
def test_a_later_sweep_reads_no_case_once_every_follow_up_reminder_is_claimed(follow_up):
    sweep(today=TODAY, sources=[due_reminders])
    assert len(mail.outbox) == 2

    with CaptureQueriesContext(connection) as queries:
        assert list(due_reminders(TODAY)) == []
    # The agreements' bare keys and the outbox's rows for them; no case, mediator or permission is read (that
    # took more queries, and more again per mediator).
    assert len(queries) == 2


@freeze_time("2026-03-10 08:00")
def test_a_mediator_assigned_after_the_first_sweep_is_reminded_by_the_next(follow_up):
    sweep(today=TODAY, sources=[due_reminders])
    newcomer = make_user(roles.STAFF, roles.MEDIATORS, username="nyankommen")
    follow_up.mediators.add(newcomer)
    follow_up.save()  # (a ParentalManyToManyField: saved with the case)
    mail.outbox.clear()

    result = sweep(today=TODAY, sources=[due_reminders])

    assert result.claimed == 1
    assert [message.to for message in mail.outbox] == [[newcomer.email]]


@freeze_time("2026-03-10 08:00")
def test_a_failed_follow_up_reminder_is_sent_again_by_a_later_sweep(follow_up, mediator_user):
    sweep(today=TODAY, sources=[due_reminders])
    SentReminder.objects.filter(recipient=mediator_user).update(
        status=SentReminder.Status.FAILED, next_attempt_at=timezone.now() - timedelta(minutes=1)
    )
    mail.outbox.clear()

    result = sweep(today=TODAY, sources=[due_reminders])

    assert result.retried == 1
    assert [message.to for message in mail.outbox] == [[mediator_user.email]]
