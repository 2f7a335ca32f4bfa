"""The home page's next activities, and the demo calendar."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.choices import ActivityStatus, ExceptionAction, Recurrence, TargetGroupCode
from community.models import ActivityPage, Attendance, CalendarPage
from community.recurrence import expand
from tests.builders import make_area
from tests.community.builders import bulk_activities, local, make_activity, make_calendar

pytestmark = pytest.mark.django_db


def soon(days: int, hour: int = 17):
    day = timezone.localdate() + timedelta(days=days)
    return local(day.year, day.month, day.day, hour)


def test_the_home_page_shows_the_next_activities_and_links_to_the_calendar(client, calendar):
    for n in range(7):
        make_activity(calendar, title=f"Aktivitet {n}", starts_at=soon(n + 1))

    html = client.get("/da/").content.decode()

    assert "Næste aktiviteter" in html
    assert "Aktivitet 4" in html
    assert "Aktivitet 5" not in html  # five at most
    assert 'href="/da/aktiviteter/">Se alle aktiviteter i kalenderen' in html


def test_a_housing_areas_page_shows_that_areas_next_activities(client, calendar):
    north = make_area(name="Nordparken", slug="nordparken")
    west = make_area(name="Vestervang", slug="vestervang")
    make_activity(calendar, title="Kaffe i Nordparken", starts_at=soon(2), areas=[north])
    make_activity(calendar, title="Kaffe i Vestervang", starts_at=soon(3), areas=[west])

    html = client.get("/da/omraade/nordparken/").content.decode()

    assert "Næste aktiviteter i Nordparken" in html
    assert "Kaffe i Nordparken" in html
    assert "Kaffe i Vestervang" not in html
    assert 'href="/da/aktiviteter/?omraade=nordparken"' in html


def test_without_a_calendar_the_home_page_has_no_activities_section(client, home_page):
    assert "Næste aktiviteter" not in client.get("/da/").content.decode()


def test_the_demo_calendar_has_about_fifteen_activities_in_every_area_over_two_months(client):
    call_command("load_demo", stdout=io.StringIO())

    calendar = CalendarPage.objects.get(slug="aktiviteter", locale__language_code="da")
    activities = list(
        ActivityPage.objects.child_of(calendar)
        .live()
        .prefetch_related("occurrence_exceptions", "areas", "target_groups")
    )
    assert 13 <= len(activities) <= 17
    assert {area.slug for a in activities for area in a.areas.all()} == {"nordparken", "soendergaarden", "vestervang"}
    now = timezone.now()
    coming = expand(activities, start=now, end=now + timedelta(days=62))
    assert len({o.uid for o in coming}) >= 13

    cafe = next(a for a in activities if a.slug == "lektiecafe")
    assert cafe.recurrence == Recurrence.WEEKLY
    assert cafe.occurrence_exceptions.filter(action=ExceptionAction.MOVED).exists()
    intergenerational = next(a for a in activities if a.recurrence == Recurrence.MONTHLY_WEEKDAY)
    assert intergenerational.across_generations
    assert {TargetGroupCode.YOUTH, TargetGroupCode.ELDERLY} <= set(intergenerational.target_group_codes)
    assert any("Sommerfest" in a.title for a in activities)
    assert sum(a.status == ActivityStatus.CANCELLED for a in activities) == 1
    assert Attendance.objects.filter(activity=cafe).count() == 3

    for path in (
        "/da/",
        "/da/aktiviteter/",
        "/da/aktiviteter/maaned/",
        "/da/aktiviteter/ical/",
        cafe.url,
        f"{cafe.url}ical/",
    ):
        assert client.get(path).status_code == 200, path
    assert "Lektiecafé" in client.get("/da/omraade/nordparken/").content.decode()


def test_the_home_page_shows_a_newly_published_or_unpublished_activity_at_once(client):
    calendar = make_calendar()
    make_activity(calendar, title="Lektiecafé")
    assert "Lektiecafé" in client.get("/da/").content.decode()

    party = make_activity(calendar, title="Sommerfest")
    assert "Sommerfest" in client.get("/da/").content.decode()

    party.unpublish()
    assert "Sommerfest" not in client.get("/da/").content.decode()


def test_the_next_activities_are_not_expanded_again_on_every_visit(client, django_assert_max_num_queries):
    calendar = make_calendar()
    bulk_activities(calendar, 200, first_day=timezone.localdate())
    client.get("/da/")
    with django_assert_max_num_queries(16):
        response = client.get("/da/")
    assert response.status_code == 200
    assert "Næste aktiviteter" in response.content.decode()
