"""The day after an occurrence, its organiser is reminded to record attendance (on a frozen clock)."""

from datetime import date

import pytest
from django.core import mail
from freezegun import freeze_time

from community import reminders, services
from community.choices import ActivityStatus, ExceptionAction, Recurrence
from estates import roles
from estates import sweep as sweeping
from tests.builders import make_user
from tests.community.builders import local, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def march_2027():
    with freeze_time("2027-03-01 12:00:00+01:00"):
        yield


@pytest.fixture
def organiser(db):
    return make_user(roles.STAFF, first_name="Sara", email="sara@boligsocial.example")


@pytest.fixture
def cafe(calendar, organiser):
    return make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 16, 17),
        ends_at=local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 13),
        responsible_staff=organiser,
        exceptions=[
            {"occurrence_date": date(2027, 3, 23), "action": ExceptionAction.CANCELLED},
            {
                "occurrence_date": date(2027, 3, 30),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2027, 4, 1, 17),
            },
        ],
    )


def due_on(day: str) -> list:
    with freeze_time(f"{day} 07:00:00+01:00"):
        return list(reminders.due_reminders(date.fromisoformat(day)))


def test_the_organiser_is_reminded_the_day_after_an_occurrence_not_on_the_day(cafe, organiser):
    assert due_on("2027-03-16") == []

    (reminder,) = due_on("2027-03-17")

    assert reminder.kind == "community.record_attendance"
    assert reminder.recipient_id == organiser.pk
    assert reminder.due_on == date(2027, 3, 16)
    assert reminder.subject_key == f"activity:{cafe.pk}:2027-03-16"
    assert reminder.url.endswith(f"/admin/community/attendance/new/?activity={cafe.pk}&date=2027-03-16")
    assert str(reminder.subject) == "Registrér fremmøde: Lektiecafé, 16. marts"


def test_recorded_attendance_stops_the_reminder(cafe):
    with freeze_time("2027-03-17 09:00:00+01:00"):
        services.attendance_record(activity=cafe, occurrence_date=date(2027, 3, 16), children=5)

    assert due_on("2027-03-17") == []


def test_a_cancelled_occurrence_needs_no_attendance_and_a_moved_one_is_reminded_after_its_new_date(cafe):
    assert due_on("2027-03-24") == []
    assert due_on("2027-03-31") == []
    (moved,) = due_on("2027-04-02")
    assert moved.due_on == date(2027, 4, 1)


def test_a_missed_day_is_caught_up_but_not_forever(cafe):
    assert [reminder.due_on for reminder in due_on("2027-03-19")] == [date(2027, 3, 16)]
    assert due_on("2027-03-21") == []


def test_without_a_responsible_staff_member_the_pages_owner_is_reminded(calendar, organiser):
    activity = make_activity(calendar, starts_at=local(2027, 3, 16, 17), owner=organiser)

    (reminder,) = due_on("2027-03-17")

    assert reminder.recipient_id == organiser.pk
    assert reminder.subject_key == f"activity:{activity.pk}:2027-03-16"


def test_a_cancelled_or_unpublished_activity_gives_no_reminder(calendar, organiser):
    make_activity(
        calendar, starts_at=local(2027, 3, 16, 17), responsible_staff=organiser, status=ActivityStatus.CANCELLED
    )
    draft = make_activity(calendar, starts_at=local(2027, 3, 16, 18), responsible_staff=organiser)
    draft.unpublish()

    assert due_on("2027-03-17") == []


def test_the_sweep_emails_the_reminder_once_in_danish_with_the_link(cafe):
    with freeze_time("2027-03-17 07:00:00+01:00"):
        sweeping.sweep(sources=[reminders.due_reminders])
        sweeping.sweep(sources=[reminders.due_reminders])

    (email,) = mail.outbox
    assert email.to == ["sara@boligsocial.example"]
    assert email.subject == "Registrér fremmøde: Lektiecafé, 16. marts"
    assert "Aktiviteten “Lektiecafé” fandt sted tirsdag 16. marts 2027." in email.body
    assert f"/admin/community/attendance/new/?activity={cafe.pk}&date=2027-03-16" in email.body
