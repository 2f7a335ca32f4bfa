"""The walk list reads its walks once as (walk, area) rows (walks7, #18): the filter's years, the paging's count
and the cards' areas come from them. A walk in two areas counts once; a walk ahead is no year of the list; the
cards name their areas in name order, as before."""

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from estates.models import HousingArea
from safety_walks import filters
from safety_walks.models import WalkPage
from safety_walks.reports import walks_with_progress
from tests.builders import make_area
from tests.safety_walks.builders import make_walk, make_walk_index

pytestmark = pytest.mark.django_db


def on(year: int, month: int) -> datetime:
    return timezone.make_aware(datetime(year, month, 1, 17))


@pytest.fixture
def walk_list(monkeypatch):
    monkeypatch.setattr(filters, "WALKS_PER_PAGE", 2)
    vest, nord = make_area(name="Vest"), make_area(name="Nord")
    make_walk(title="To områder", areas=[vest, nord], walk_date=on(2025, 9))
    make_walk(title="Nord alene", areas=[nord], walk_date=on(2025, 4))
    make_walk(title="Uden område", walk_date=on(2025, 2))
    make_walk(title="Begge", areas=[nord, vest], walk_date=on(2025, 1))
    make_walk(title="Vest 2023", areas=[vest], walk_date=on(2023, 6))
    make_walk(title="Forude", areas=[vest], walk_date=timezone.now().replace(year=timezone.now().year + 2))
    return make_walk_index()


def cards(html: str) -> list[str]:
    return [card.split("</li>")[0] for card in html.split('<li class="bs-card">')[1:]]


def test_a_walk_in_two_areas_counts_once_in_its_year(client, walk_list):
    in_2025 = client.get(walk_list.url, {"aar": 2025}).content.decode()
    assert len(cards(in_2025)) == 2
    assert "side=2" in in_2025
    last = client.get(walk_list.url, {"aar": 2025, "side": 2}).content.decode()
    assert [("Uden område" in card, "Begge" in card) for card in cards(last)] == [(True, False), (False, True)]
    assert "side=3" not in last and "Ældre vandringer" not in last

    every_year = client.get(walk_list.url, {"side": 3}).content.decode()
    assert [("Vest 2023" in card) for card in cards(every_year)] == [True]
    assert "Ældre vandringer" not in every_year


def test_the_years_offered_are_those_of_walks_that_have_been_newest_first(client, walk_list):
    html = client.get(walk_list.url).content.decode()
    select = html.split('name="aar"')[1].split("</select>")[0]
    assert [part.split('"')[0] for part in select.split('<option value="')[1:]] == ["", "2025", "2023"]


def test_the_cards_name_their_areas_in_name_order(client, walk_list):
    first = cards(client.get(walk_list.url).content.decode())
    assert "· Nord, Vest</p>" in first[0]
    assert "· Nord</p>" in first[1]
    # An area chosen, a card still names each of its walk's areas.
    in_vest = cards(client.get(walk_list.url, {"omraade": HousingArea.objects.get(name="Vest").slug}).content.decode())
    assert ["· Nord, Vest</p>" in in_vest[0], "· Nord, Vest</p>" in in_vest[1]] == [True, True]


def test_the_list_reads_its_walks_areas_once(client, walk_list):
    ahead = WalkPage.objects.get(title="Forude")
    client.get(walk_list.url)
    with CaptureQueriesContext(connection) as captured:
        client.get(walk_list.url)
    by_walk = [
        re.search(r'"walkpage_id" IN \(([^)]*)\)', query["sql"])
        for query in captured.captured_queries
        if "safety_walks_walkpage_areas" in query["sql"]
    ]
    # The overview's rows (every walk's areas), and the upcoming walk's areas for its invitation; no query of the
    # cards' own.
    assert [match.group(1) if match else None for match in by_walk] == [None, str(ahead.pk)]


def test_walks_with_progress_reads_the_names_it_is_not_told():
    nord, syd = make_area(name="Nord"), make_area(name="Syd")
    told = make_walk(areas=[nord], walk_date=on(2025, 3))
    untold = make_walk(areas=[syd, nord], walk_date=on(2025, 2))
    walks = walks_with_progress(WalkPage.objects.order_by("-walk_date"), area_names={told.pk: ["Som fortalt"]})
    assert [walk.card_areas for walk in walks] == [["Som fortalt"], ["Nord", "Syd"]]
    assert untold.pk in {walk.pk for walk in walks}
