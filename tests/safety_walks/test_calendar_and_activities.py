"""Safety walks seen from the activity calendar: meetings in the calendar, findings an activity takes up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safety_walks.models import ThemeMeeting
from safety_walks.problems import local_problems
from tests.community.builders import make_activity, make_calendar
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


def test_an_activity_shows_the_public_finding_it_takes_up_with_a_link_to_the_walk(client):
    walk = make_walk(title="Vandring i Nord")
    finding = make_finding(walk, title="Unge samles ved butikkerne")
    activity = make_activity(make_calendar(), title="Unge møder ældre", local_problems=[f"finding:{finding.pk}"])

    html = client.get(activity.url).content.decode()

    assert f'href="{walk.url}#fund-{finding.pk}"' in html
    assert "Unge samles ved butikkerne" in html


def test_internal_findings_are_never_offered_or_shown_as_local_problems(client):
    walk = make_walk()
    secret = make_finding(walk, title="Narkosalg i kælderen", is_public=False)
    offered = [problem.key for problem in local_problems(keys=None)]
    assert f"finding:{secret.pk}" not in offered

    activity = make_activity(make_calendar(), local_problems=[f"finding:{secret.pk}"])
    assert "Narkosalg" not in client.get(activity.url).content.decode()


def test_public_theme_meetings_and_due_follow_up_meetings_appear_in_the_calendar_feed(client):
    soon = timezone.now().replace(microsecond=0) + timedelta(days=3)
    walk = make_walk(title="Vandring i Syd", follow_up_date=timezone.localdate() + timedelta(days=5))
    meeting = ThemeMeeting.objects.create(title="Lys på stierne", problem="Mørke stier", starts_at=soon, place="Huset")
    meeting.walks.add(walk)
    hidden = ThemeMeeting.objects.create(
        title="Internt møde", problem="x", starts_at=soon, place="Kontoret", is_public=False
    )
    hidden.walks.add(walk)
    make_calendar()

    feed = client.get("/da/aktiviteter/ical/").content.decode()

    assert "Lys på stierne" in feed
    assert "Opfølgningsmøde: Vandring i Syd" in feed
    assert "Internt møde" not in feed
