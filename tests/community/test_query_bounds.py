"""Expanding occurrences is not N+1: the calendar's views cost the same few queries for 20 or 2,000 activities."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from community.models import ActivityPage
from community.models.occurrences import StoredOccurrence
from community.recurrence import Window
from safety_walks.calendar import public_meetings
from safety_walks.models import ThemeMeeting
from tests.community.builders import bulk_activities
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db

# One bound for every size: the Wagtail page lookup, the site's header and footer, the housing areas of
# the filter, the activities with their exceptions, areas and target groups (one query each), and the
# walks and meetings the safety-walk app adds through the calendar hook (walks ahead, planned follow-up and
# theme meetings: 23 today, the same for 20 or 2,000 activities; a little room for that app).
MAX_QUERIES = 24
# The home page also carries the other apps' sections (18 queries today, one round of ours included);
# the next activities may take a second round of five when the first week is quiet.
MAX_HOME_QUERIES = 24


@pytest.mark.parametrize("count", [20, 2000])
def test_the_month_view_costs_the_same_queries_for_20_or_2000_activities(
    client, calendar, count, django_assert_max_num_queries
):
    bulk_activities(calendar, count, first_day=date(2027, 3, 1))
    client.get("/da/aktiviteter/maaned/2027-03/")  # warm the per-process caches (content types, site root paths)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/da/aktiviteter/maaned/2027-03/")

    assert response.status_code == 200
    assert "Aktivitet 1<" in response.content.decode()


@pytest.mark.parametrize("count", [20, 2000])
def test_the_feed_costs_the_same_queries_for_20_or_2000_activities(
    client, calendar, count, django_assert_max_num_queries
):
    bulk_activities(calendar, count, first_day=date(2027, 3, 1))
    client.get("/da/aktiviteter/ical/")

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/da/aktiviteter/ical/")

    assert response.status_code == 200
    assert response.content.count(b"BEGIN:VEVENT") == count
    assert ActivityPage.objects.count() == count


@pytest.mark.parametrize("count", [20, 2000])
def test_the_upcoming_list_and_the_occurrences_api_cost_the_same_queries_for_any_number(
    client, calendar, count, django_assert_max_num_queries
):
    today = timezone.localdate()
    bulk_activities(calendar, count, first_day=today + timedelta(days=1))
    end = today + timedelta(days=30)
    client.get("/da/aktiviteter/")

    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get("/da/aktiviteter/").status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v2/occurrences/", {"start": today.isoformat(), "end": end.isoformat()})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] >= count


@pytest.mark.parametrize("count", [20, 2000])
def test_the_home_pages_next_activities_cost_the_same_queries_for_any_number(
    client, calendar, count, django_assert_max_num_queries
):
    bulk_activities(calendar, count, first_day=timezone.localdate() + timedelta(days=1))
    client.get("/da/")

    with django_assert_max_num_queries(MAX_HOME_QUERIES):
        response = client.get("/da/")

    assert response.status_code == 200
    assert "Næste aktiviteter" in response.content.decode()


@pytest.mark.parametrize("count", [20, 2000])
def test_the_past_list_and_the_day_view_cost_the_same_queries_for_any_number(
    client, calendar, count, django_assert_max_num_queries
):
    first_day = timezone.localdate() - timedelta(days=40)
    bulk_activities(calendar, count, first_day=first_day)
    client.get("/da/aktiviteter/tidligere/")

    with django_assert_max_num_queries(MAX_QUERIES):
        past = client.get("/da/aktiviteter/tidligere/")
    with django_assert_max_num_queries(MAX_QUERIES):
        day = client.get(f"/da/aktiviteter/dag/{first_day.isoformat()}/")

    assert past.status_code == day.status_code == 200
    assert "Aktivitet 1<" in day.content.decode()


def test_a_month_cell_counts_every_occurrence_of_its_day_while_showing_three(client, calendar):
    bulk_activities(calendar, 2000, first_day=date(2027, 3, 1))
    on_the_first = StoredOccurrence.objects.filter(first_day=date(2027, 3, 1)).count()

    html = client.get("/da/aktiviteter/maaned/2027-03/").content.decode()

    cell = re.search(r'<time datetime="2027-03-01">.*?</td>', html, re.S).group(0)
    assert on_the_first > 70
    assert f'<span aria-hidden="true">{on_the_first}</span>' in cell
    assert cell.count("<li") == 3
    assert f"{on_the_first - 3} mere" in cell


# A first visit (every cache empty: the month's table and the list are kept 60 seconds once rendered): the
# page and its header and footer (10), the filter's areas, the rows (the month: one query for the days'
# counts, the first few rows of each and the rows spanning days), the activities' areas and target groups,
# and one query for the walks and meetings of the window; with pages per language, Wagtail's routing asks for
# the active locale and the home page in it, and the header's switch for the page's translations. (The stored
# rows' version is a cache read, drawn anew when the cache is empty.)
MAX_FIRST_VISIT_QUERIES = 20
# The month reads its rows in one query, where the list counts them and reads a page of cards.
MAX_FIRST_VISIT_MONTH_QUERIES = MAX_FIRST_VISIT_QUERIES - 2


@pytest.mark.parametrize("count", [20, 2000])
def test_a_first_visit_to_the_month_the_list_and_the_api_costs_the_same_few_queries(
    client, calendar, count, django_assert_max_num_queries
):
    today = timezone.localdate()
    bulk_activities(calendar, count, first_day=today.replace(day=1), recurring_every=5)
    StoredOccurrence.objects.store_missing()
    month = f"/da/aktiviteter/maaned/{today:%Y-%m}/"
    api = {"start": today.isoformat(), "end": (today + timedelta(days=30)).isoformat()}
    for path in (month, "/da/aktiviteter/"):
        client.get(path)  # the per-process caches (content types, site root paths)

    for path, bound in ((month, MAX_FIRST_VISIT_MONTH_QUERIES), ("/da/aktiviteter/", MAX_FIRST_VISIT_QUERIES)):
        cache.clear()
        with django_assert_max_num_queries(bound):
            response = client.get(path)
        assert response.status_code == 200
        assert re.search(r"\bAktivitet \d+<", response.content.decode())  # activities are shown
    with django_assert_max_num_queries(MAX_FIRST_VISIT_QUERIES - 11):  # no page, header or footer to render
        response = client.get("/api/v2/occurrences/", api)
    assert response.json()["meta"]["total_count"] >= count // 2


def test_the_safety_walks_calendar_hook_costs_one_query_when_nothing_is_on_in_the_window(
    django_assert_num_queries,
):
    now = timezone.now()
    make_walk(walk_date=now + timedelta(days=90), follow_up_date=timezone.localdate() + timedelta(days=120))
    ThemeMeeting.objects.create(title="Lys på stierne", problem="Mørke stier", starts_at=now + timedelta(days=60))
    window = Window(now, now + timedelta(days=30))

    with django_assert_num_queries(1):
        assert public_meetings(start=window.start, end=window.end, area_slugs=None) == []

    later = Window(now + timedelta(days=55), now + timedelta(days=100))
    found = public_meetings(start=later.start, end=later.end, area_slugs=None)
    assert [entry.kind for entry in found] == ["safety_walk"]  # the theme meeting links to no walk: not shown
