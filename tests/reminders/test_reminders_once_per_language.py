"""A walk or an activity presented in six languages is still one walk, one activity: one reminder each."""

from datetime import date

import pytest
from freezegun import freeze_time
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from community import reminders as activity_reminders
from community.choices import Recurrence
from estates import roles
from safety_walks import reminders as walk_reminders
from safety_walks.models import WalkPage
from tests.builders import make_user
from tests.community.builders import local, make_activity, make_calendar
from tests.safety_walks.builders import make_walk, make_walk_index

pytestmark = pytest.mark.django_db


def in_every_language():
    for code in ("en", "ar", "so"):
        synchronize_tree(Locale.get_default(), Locale.objects.get_or_create(language_code=code)[0])


def test_the_follow_up_reminder_goes_once_for_a_walk_in_four_languages(home_page):
    owner = make_user(roles.STAFF, email="sara@boligsocial.example")
    with freeze_time("2026-10-20 12:00:00+02:00"):
        make_walk_index()
        walk = make_walk(owner=owner, title="Nordparken om aftenen", walk_date="2026-06-01 10:00:00+02:00")
        in_every_language()
    assert WalkPage.objects.filter(translation_key=walk.translation_key).count() == 4

    with freeze_time("2026-11-01 07:00:00+01:00"):
        due = list(walk_reminders.due_reminders(date(2026, 11, 1)))

    follow_up = [reminder for reminder in due if reminder.kind.startswith("safety_walks.follow_up")]
    assert len(follow_up) == 1
    assert follow_up[0].subject_key == f"walk:{walk.pk}"


def test_the_attendance_reminder_goes_once_for_an_activity_in_four_languages(home_page):
    organiser = make_user(roles.STAFF, email="sara@boligsocial.example")
    with freeze_time("2027-03-01 12:00:00+01:00"):
        calendar = make_calendar(parent=home_page)
        cafe = make_activity(
            calendar,
            title="Lektiecafé",
            starts_at=local(2027, 3, 16, 17),
            ends_at=local(2027, 3, 16, 19),
            recurrence=Recurrence.WEEKLY,
            recurrence_until=date(2027, 4, 13),
            responsible_staff=organiser,
        )
        in_every_language()

    with freeze_time("2027-03-17 07:00:00+01:00"):
        due = list(activity_reminders.due_reminders(date(2027, 3, 17)))

    assert [reminder.subject_key for reminder in due] == [f"activity:{cafe.pk}:2027-03-16"]
