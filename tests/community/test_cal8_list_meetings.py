"""The upcoming list with the safety walks' entries in its window (#15): a first visit costs the same queries
however many walks and meetings lie ahead, and its first page shows the meetings at the places the whole list
gives them without counting each one's rows."""

from datetime import datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks

from community.calendar_list import CalendarList
from community.recurrence import Window
from estates.calendar import CALENDAR_HOOK, CalendarEntry
from estates.models import HousingArea
from tests.community.builders import make_activity
from tests.safety_walks.builders import (
    make_planned_follow_up_meeting,
    make_planned_walk,
    make_theme_meeting,
    make_walk,
)

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def _walks_in_the_window(count: int, area: HousingArea, first: int) -> None:
    """`count` walks of every kind the calendar shows: planned walks, follow-ups due and planned, a theme meeting."""
    for n in range(first, first + count):
        kind = n % 3
        if kind == 0:
            make_planned_walk(days_ahead=1 + n, areas=[area], title=f"Vandring {n}", slug=f"vandring-liste-{n}")
            continue
        walk = make_walk(
            walk_date=timezone.now() - timedelta(days=100 + n),
            follow_up_date=timezone.localdate() + timedelta(days=1 + n),
            areas=[area],
            title=f"Vandring {n}",
            slug=f"vandring-liste-{n}",
        )
        if kind == 2:
            make_planned_follow_up_meeting(walk, planned_on=timezone.localdate() + timedelta(days=2 + n))
            make_theme_meeting(walks=[walk], starts_at=_at(3 + n, 19))


def _first_visit(client, path: str) -> tuple[int, str]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


@pytest.mark.parametrize("path", ["/da/aktiviteter/", "/da/aktiviteter/?omraade=nordparken"])
def test_a_first_visit_costs_the_same_queries_with_3_or_12_walks_in_the_window(client, calendar, path):
    area = HousingArea.objects.create(name="Nordparken", slug="nordparken")
    for n in range(3):
        make_activity(calendar, title=f"Aktivitet {n}", starts_at=_at(1 + n, 10), areas=[area])
    _walks_in_the_window(3, area, first=0)  # one of each kind
    client.get(path)  # the per-process caches (content types, locales)
    few, html = _first_visit(client, path)
    assert "Vandring 0" in html and "Vandring 1" in html

    _walks_in_the_window(9, area, first=3)
    many, html = _first_visit(client, path)

    assert "Vandring 11" in html  # the walks are listed: their cost is not left out
    assert "Temamøde" in html
    assert many == few


def _meeting(uid: str, start: datetime, minutes: int) -> CalendarEntry:
    return CalendarEntry(
        uid=uid, title=uid, start=start, end=start + timedelta(minutes=minutes), url=f"/{uid}/", kind="theme_meeting"
    )


def test_the_first_page_places_the_meetings_as_the_whole_list_does(calendar):
    """Meetings before, between, on the same start and end as (after: the row first), and after the first rows."""
    for n in range(6):
        make_activity(calendar, title=f"Aktivitet {n}", starts_at=_at(1 + n, 10), ends_at=_at(1 + n, 12))
    meetings = [
        _meeting("first", _at(1, 8), 60),
        _meeting("tie", _at(2, 10), 120),  # as the second row: listed after it
        _meeting("inside", _at(2, 11), 30),
        _meeting("between", _at(3, 15), 60),
        _meeting("later", _at(20, 9), 60),
    ]
    now = timezone.now()
    window = Window(now, now + timedelta(days=365))

    def listing(**options):
        return CalendarList(
            calendar.every_activity(), window, calendar=calendar, url_of_slug=lambda slug: slug, **options
        )

    with hooks.register_temporarily(CALENDAR_HOOK, lambda *, start, end, area_slugs: meetings):
        for stop in (1, 3, 5, 8, 11, 20):
            placed = listing()
            assert placed.count() == 11
            counted_first = [occurrence.title for occurrence in placed[0:stop]]
            first_page = listing(count_places=False)
            assert first_page.count() == 11
            with CaptureQueriesContext(connection) as queries:
                shown = [occurrence.title for occurrence in first_page[0:stop]]

            assert shown == counted_first
            assert not any("FILTER" in query["sql"] or "CASE WHEN" in query["sql"] for query in queries)
    assert counted_first[:6] == ["first", "Aktivitet 0", "Aktivitet 1", "tie", "inside", "Aktivitet 2"]
