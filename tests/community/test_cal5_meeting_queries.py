"""The safety walks' entries in the calendar read only the kinds of entry the window holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.recurrence import Window
from safety_walks.calendar import public_meetings
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db


def test_a_window_with_only_a_due_follow_up_reads_only_that_walk_and_its_areas(django_assert_num_queries):
    now = timezone.now()
    walk = make_walk(walk_date=now - timedelta(days=10), follow_up_date=timezone.localdate() + timedelta(days=20))
    window = Window(now, now + timedelta(days=365))

    # Which kinds of entry the window holds, the due walks, their areas: no walks, theme or planned meetings read.
    with django_assert_num_queries(3):
        found = public_meetings(start=window.start, end=window.end, area_slugs=None)

    assert [(entry.kind, entry.uid, entry.all_day) for entry in found] == [
        ("follow_up_meeting", f"followup-{walk.pk}@boligsocial", True)
    ]
    assert timezone.localdate(found[0].start) == timezone.localdate() + timedelta(days=20)
