"""The community's reminders read the stored occurrences: a sweep that finds them claimed costs a few queries,
whatever the number of activities, and an occurrence changed after a sweep is still reminded exactly once."""

from datetime import date

import pytest
from django.core import mail
from freezegun import freeze_time
from wagtail.models import PageViewRestriction

from community import reminders
from community.choices import ExceptionAction, Recurrence
from community.models import ActivityPage, OccurrenceException
from community.signups import reminders as signup_reminders
from community.signups import services as signup_services
from estates import roles
from estates import sweep as sweeping
from tests.builders import make_user
from tests.community.builders import bulk_activities, local, make_activity
from tests.community.signup_builders import make_weekly_signup_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def march_2027():
    with freeze_time("2027-03-01 12:00:00+01:00"):
        yield


@pytest.fixture
def organiser(db):
    return make_user(roles.STAFF, first_name="Sara", email="sara@boligsocial.example")


def sweep_on(day: date, source) -> sweeping.SweepResult:
    with freeze_time(f"{day.isoformat()} 07:00:00+01:00"):
        return sweeping.sweep(today=day, sources=[source])


def test_a_later_sweep_that_finds_every_attendance_reminder_claimed_makes_two_queries(
    calendar, organiser, django_assert_num_queries
):
    bulk_activities(calendar, 60, first_day=date(2027, 3, 1))
    ActivityPage.objects.update(responsible_staff=organiser)
    day = date(2027, 3, 17)

    first = sweep_on(day, reminders.attendance_reminders)
    # The occurrences of 14-16 March: five single activities and three weekly ones (one of them first on the 16th).
    assert first.claimed == 8

    with freeze_time("2027-03-17 07:05:00+01:00"), django_assert_num_queries(2):
        assert list(reminders.attendance_reminders(day)) == []
    assert sweep_on(day, reminders.attendance_reminders).claimed == 0


def test_an_occurrence_moved_after_a_sweep_is_reminded_once_after_its_new_day(calendar, organiser):
    cafe = make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 16, 17),
        ends_at=local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 13),
        responsible_staff=organiser,
    )
    assert sweep_on(date(2027, 3, 17), reminders.attendance_reminders).claimed == 1

    # Staff move next week's café a day earlier, in the page editor.
    with freeze_time("2027-03-18 10:00:00+01:00"):
        cafe.occurrence_exceptions.add(
            OccurrenceException(
                occurrence_date=date(2027, 3, 23), action=ExceptionAction.MOVED, new_starts_at=local(2027, 3, 22, 17)
            )
        )
        cafe.save_revision().publish()

    assert sweep_on(date(2027, 3, 23), reminders.attendance_reminders).claimed == 1
    assert sweep_on(date(2027, 3, 23), reminders.attendance_reminders).claimed == 0
    assert sweep_on(date(2027, 3, 24), reminders.attendance_reminders).claimed == 0
    assert [m.subject for m in mail.outbox] == [
        "Registrér fremmøde: Lektiecafé, 16. marts",
        "Registrér fremmøde: Lektiecafé, 22. marts",
    ]


def test_an_activity_hidden_from_residents_is_still_reminded_to_its_staff(calendar, organiser):
    private = make_activity(calendar, starts_at=local(2027, 3, 16, 17), responsible_staff=organiser)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    with freeze_time("2027-03-17 07:00:00+01:00"):
        (reminder,) = reminders.attendance_reminders(date(2027, 3, 17))

    assert reminder.subject_key == f"activity:{private.pk}:2027-03-16"


def test_an_inactive_organiser_is_not_reminded_and_the_owner_does_not_stand_in(calendar, organiser):
    owner = make_user(roles.STAFF, email="owner@boligsocial.example")
    make_activity(calendar, starts_at=local(2027, 3, 16, 17), responsible_staff=organiser, owner=owner)
    organiser.is_active = False
    organiser.save()

    with freeze_time("2027-03-17 07:00:00+01:00"):
        assert list(reminders.attendance_reminders(date(2027, 3, 17))) == []


def test_a_later_sweep_that_finds_the_sign_up_reminders_claimed_loads_no_sign_up(calendar, django_assert_num_queries):
    knitting = make_weekly_signup_activity(calendar, first_day=date(2027, 3, 9), weeks=3)
    for n in range(3):
        signup_services.sign_up(activity=knitting, occurrence_start=None, name=f"Beboer {n}", email=f"b{n}@example.dk")
    day = date(2027, 3, 8)
    with freeze_time("2027-03-08 09:00:00+01:00"):
        assert signup_reminders.claim_due(day) == 3
        with django_assert_num_queries(3):  # tomorrow's occurrences, their sign-ups' keys, the claimed mails
            assert signup_reminders.due_mails(day) == []


def test_no_sign_up_reminder_for_a_cancelled_occurrence_and_one_query_when_nothing_happens(
    calendar, django_assert_num_queries
):
    knitting = make_weekly_signup_activity(
        calendar,
        first_day=date(2027, 3, 9),
        weeks=3,
        exceptions=[{"occurrence_date": date(2027, 3, 16), "action": ExceptionAction.CANCELLED}],
    )
    signup_services.sign_up(activity=knitting, occurrence_start=None, name="Serie", email="serie@example.dk")

    with freeze_time("2027-03-15 09:00:00+01:00"):
        assert signup_reminders.due_mails(date(2027, 3, 15)) == []
    with freeze_time("2027-03-12 09:00:00+01:00"), django_assert_num_queries(1):
        assert signup_reminders.due_mails(date(2027, 3, 12)) == []
    with freeze_time("2027-03-22 09:00:00+01:00"):
        (reminder,) = signup_reminders.due_mails(date(2027, 3, 22))
    assert reminder.due_on == date(2027, 3, 23)
