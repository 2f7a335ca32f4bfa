"""The walk list's feeds and upcoming walks read from one overview of the list's live, public walks (#18): a walk
ahead is invited to, a draft or private one is neither invited to nor gives its area a feed, and a list with no
walk ahead asks no query for them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.builders import make_area
from tests.safety_walks.builders import make_walk, make_walk_index


def upcoming_block(html: str) -> str:
    return html.split('class="bs-walks-upcoming"')[1].split("</section>")[0] if "bs-walks-upcoming" in html else ""


@pytest.mark.django_db
def test_only_live_public_walks_ahead_are_invited_to_and_give_their_area_a_feed(client):
    soon = timezone.now() + timedelta(days=10)
    ahead_area, draft_area, private_area = make_area(name="Forude"), make_area(name="Kladde"), make_area(name="Lukket")
    make_walk(title="Vandring forude", areas=[ahead_area], walk_date=soon)
    make_walk(title="Vandring i kladde", areas=[draft_area], walk_date=soon, publish=False)
    private = make_walk(title="Lukket vandring", areas=[private_area], walk_date=soon)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    html = client.get(make_walk_index().url).content.decode()
    upcoming = upcoming_block(html)
    assert "Vandring forude" in upcoming
    assert "Vandring i kladde" not in html and "Lukket vandring" not in html
    head = html.split("</head>")[0]
    assert 'type="application/atom+xml" title="Forude"' in head
    assert 'title="Kladde"' not in head and 'title="Lukket"' not in head


@pytest.mark.django_db
def test_a_list_with_no_walk_ahead_shows_no_invitations_and_asks_no_query_for_them(client):
    area = make_area(name="Nord")
    make_walk(title="Gammel vandring", areas=[area], walk_date=timezone.now() - timedelta(days=30))
    url = make_walk_index().url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert upcoming_block(html) == ""
    assert "Gammel vandring" in html
    assert 'type="application/atom+xml" title="Nord"' in html.split("</head>")[0]
    sql = [query["sql"] for query in queries.captured_queries]
    assert [each for each in sql if '"walk_date" >' in each and "DISTINCT" not in each] == []
