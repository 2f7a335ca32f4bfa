"""A first visit to the calendar reads little: the safety walks' entries only of the kinds the window holds, the
housing areas once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.recurrence import Window
from estates.models import HousingArea
from safety_walks.calendar import public_meetings
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db


def test_a_window_with_only_a_due_follow_up_reads_only_that_walk_and_its_areas(django_assert_num_queries):
    now = timezone.now()
    walk = make_walk(walk_date=now - timedelta(days=10), follow_up_date=timezone.localdate() + timedelta(days=20))
    window = Window(now, now + timedelta(days=365))

    # What the window holds (ids per kind), the due walks with their areas: no walks, theme or planned meetings read.
    with django_assert_num_queries(2):
        found = public_meetings(start=window.start, end=window.end, area_slugs=None)

    assert [(entry.kind, entry.uid, entry.all_day) for entry in found] == [
        ("follow_up_meeting", f"followup-{walk.pk}@boligsocial", True)
    ]
    assert timezone.localdate(found[0].start) == timezone.localdate() + timedelta(days=20)


def test_a_first_visit_to_the_calendar_reads_the_housing_areas_once_for_the_filter_and_the_header(client, calendar):
    area = HousingArea.objects.create(name="Nordparken", slug="nordparken")
    today = timezone.localdate()
    for path in (calendar.url, f"{calendar.url}maaned/{today:%Y-%m}/"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert f'value="{area.slug}"' in response.content.decode()  # the filter offers the area
        assert sum('FROM "estates_housingarea"' in query["sql"] for query in queries.captured_queries) == 1
