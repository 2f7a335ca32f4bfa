"""Search that understands Danish (#16): word forms ("tunnel" finds "tunnelen"), compounds by their last
part ("lampe" finds "Gadelampe"), results linking straight to the finding with a snippet. Runs on SQLite
(Snowball stemmer in estates/search.py) and on PostgreSQL (its `danish` configuration):
DATABASE_URL=postgres://postgres@127.0.0.1:5432/work_follow."""

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from estates.search import DanishMatcher, stem, tails
from tests.builders import make_area
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(home_page):
    walk = make_walk(areas=[make_area()], title="Vandring i Nordparken", summary="<p>Vi gik en aften i maj.</p>")
    make_finding(walk, title="Tunnelen under vejen er mørk", description="Ingen lys i tunnelen om aftenen.")
    make_finding(walk, title="Gadelampe slukket", location="Stien ved nr. 14")
    make_finding(walk, title="Buskene skygger for udsynet", description="Beskær buskene ved legepladsen.")
    make_finding(walk, title="Hashsalg i kælderen bag tunnelen", is_public=False)
    return walk


def search(client, query: str):
    response = client.get("/da/search/", {"q": query})
    assert response.status_code == 200
    return response


def findings_found(client, query: str) -> list[str]:
    return [finding.title for hit in search(client, query).context["hits"] for finding in hit.findings]


def test_the_backend_speaks_danish_on_this_database():
    backend = get_search_backend()
    if connection.vendor == "postgresql":
        assert backend.config == "danish"
    assert type(backend).__name__.startswith("Danish")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tunnel", "Tunnelen under vejen er mørk"),
        ("tunneller", "Tunnelen under vejen er mørk"),
        ("lampe", "Gadelampe slukket"),
        ("lamper", "Gadelampe slukket"),
        ("gadelamper", "Gadelampe slukket"),
        ("busk", "Buskene skygger for udsynet"),
        ("busken legeplads", "Buskene skygger for udsynet"),
        ("legepladsen", "Buskene skygger for udsynet"),
        ("aften", "Tunnelen under vejen er mørk"),
    ],
)
def test_word_forms_and_compounds_find_the_finding(client, walk, query, expected):
    assert expected in findings_found(client, query)


def test_results_link_straight_to_the_finding_with_a_marked_snippet(client, walk):
    response = search(client, "tunnel")
    hit = response.context["hits"][0]
    assert hit.page.pk == walk.pk
    [finding] = hit.findings
    assert finding.url.endswith(f"/fund/{walk.findings.get(title__startswith='Tunnelen').pk}/")
    page = response.content.decode()
    assert f'href="{finding.url}"' in page
    assert "<mark>tunnelen</mark>" in page
    assert client.get(finding.url).status_code == 200


def test_internal_findings_never_appear_in_results_or_snippets(client, walk):
    assert not search(client, "hashsalg").context["hits"]
    assert not search(client, "kælderen").context["hits"]
    page = search(client, "tunnel").content.decode()
    assert "Hashsalg" not in page and "kælderen" not in page


def test_a_word_that_is_nowhere_finds_nothing(client, walk):
    assert not search(client, "cykelparkering").context["hits"]


@pytest.mark.parametrize("query", ["%", "-", "*", "æ_ø", "' OR 1=1"])
def test_queries_without_words_answer_without_an_error(client, walk, query):
    search(client, query)
    assert client.get("/api/v2/pages/", {"search": query}).status_code < 500


def test_a_walks_own_text_gives_the_snippet_when_no_finding_matches(client, walk):
    response = search(client, "aftenen maj")
    hit = response.context["hits"][0]
    assert "<mark>maj</mark>" in hit.snippet


def test_stems_tails_and_snippets():
    assert stem("Tunnelen") == stem("tunnel") == stem("tunneller")
    assert "lampe" in tails("gadelampe") and tails("lampe") == []
    matcher = DanishMatcher.for_query('"lampe')
    assert matcher.matches("Gadelampe <script> slukket")
    snippet = matcher.snippet("Ved stien: Gadelampe <script> slukket")
    assert "<mark>Gadelampe</mark>" in snippet and "&lt;script&gt;" in snippet and "<script>" not in snippet
    assert not DanishMatcher.for_query("lys").matches("Gadelampe slukket")
