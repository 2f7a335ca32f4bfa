"""Atom feeds (RFC 4287) of a walk and of a housing area, read with an independent parser (feedparser):
public findings and their public updates only, no internal note, author or hidden note."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from freezegun import freeze_time

from safety_walks.models import FindingUpdate
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_area, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(home_page):
    return make_area(name="Nordparken", slug="nordparken")


@pytest.fixture
def walk(area):
    return make_walk(areas=[area], title="Vandring i Nordparken")


@pytest.fixture
def news(walk, partner_organisation):
    author = make_user(first_name="Jens", last_name="Hansen", email="jens.hansen@politi.example")
    lamp = make_finding(walk, title="Gadelampe slukket", description="Lampen ved stien er i stykker.")
    make_finding(walk, title="Salg af hash i kælderen", is_public=False)
    with freeze_time(timezone.now() + timedelta(minutes=5)):
        FindingUpdate.objects.create(
            finding=lamp,
            author=author,
            organisation=partner_organisation,
            new_status=ResponsibilityStatus.IN_PROGRESS,
            public_note="Lampen skiftes på fredag.",
            internal_note="Nøglen ligger hos viceværten",
        )
        FindingUpdate.objects.create(finding=lamp, public_note="Fjernet note", public_note_hidden_at=timezone.now())
    return lamp


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return response.content.decode(), feed


def test_walk_feed_lists_public_findings_and_public_updates_newest_first(client, walk, news):
    raw, feed = parse(client, f"/da/boligsocial/foelg/feed/vandring/{walk.pk}/")
    assert feed.feed.title == "Fund fra Vandring i Nordparken"
    assert feed.feed.id and feed.feed.updated_parsed
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Gadelampe slukket: Vi arbejder på det", "Nyt fund: Gadelampe slukket"]
    for entry in feed.entries:
        assert entry.link.startswith("http") and f"/fund/{news.pk}/" in entry.link
        assert entry.id and entry.updated_parsed and entry.author
    assert "Lampen skiftes på fredag." in feed.entries[0].summary
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_feeds_carry_no_hidden_notes_internal_findings_or_personal_data(client, walk, area, news):
    for url in (f"/da/boligsocial/foelg/feed/vandring/{walk.pk}/", f"/da/boligsocial/foelg/feed/omraade/{area.slug}/"):
        raw, feed = parse(client, url)
        for secret in ("hash", "Nøglen", "viceværten", "Fjernet note", "Jens", "Hansen", "jens.hansen", "@"):
            assert secret not in raw, (url, secret)


def test_area_feed_covers_every_public_walk_of_the_area(client, area, walk, news):
    other_walk = make_walk(areas=[area], title="Anden vandring")
    make_finding(other_walk, title="Mørk tunnel")
    unpublished = make_walk(areas=[area], publish=False)
    make_finding(unpublished, title="Kladde-fund")
    elsewhere = make_walk(areas=[make_area()], title="Et andet sted")
    make_finding(elsewhere, title="Fund et andet sted")
    raw, feed = parse(client, f"/da/boligsocial/foelg/feed/omraade/{area.slug}/")
    assert feed.feed.title == "Fund fra tryghedsvandringerne i Nordparken"
    text = " ".join(entry.title for entry in feed.entries)
    assert "Mørk tunnel" in text and "Gadelampe slukket" in text
    assert "Kladde-fund" not in text and "et andet sted" not in text


def test_unknown_or_unpublished_feeds_are_404(client, area):
    draft = make_walk(areas=[area], publish=False)
    assert client.get(f"/da/boligsocial/foelg/feed/vandring/{draft.pk}/").status_code == 404
    assert client.get("/da/boligsocial/foelg/feed/omraade/findes-ikke/").status_code == 404


def test_feed_queries_are_bounded(client, walk, news, django_assert_max_num_queries):
    url = f"/da/boligsocial/foelg/feed/vandring/{walk.pk}/"
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(60):
        make_finding(walk, title=f"Fund {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        raw, feed = parse(client, url)
    assert len(feed.entries) == 50


def test_walk_page_head_names_its_atom_feed_for_feed_readers(client, walk):
    """A feed reader given the walk page's address finds the feed by the page's <link rel="alternate">."""
    response = client.get(walk.url)
    head = response.content.decode().split("</head>")[0]
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert f"/da/boligsocial/foelg/feed/vandring/{walk.pk}/" in head
