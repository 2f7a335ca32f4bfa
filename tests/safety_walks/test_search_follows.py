"""Site search follows the findings: a walk's search entry holds its public findings' words only, and every
walk a finding leaves or joins is re-indexed (issue #14: an internal finding's words stayed searchable on
the walk it was moved away from). Wagtail's database search backend, as in production."""

import pytest
from wagtail.search.backends import get_search_backend

from safety_walks.models import Finding
from tests.builders import make_area
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

WORD = "Blomsterstien"


def found_titles(client, query: str) -> list[str]:
    response = client.get("/da/search/", {"q": query})
    assert response.status_code == 200
    return [result.title for result in response.context["results"]]


@pytest.fixture
def walks(home_page):
    backend = type(get_search_backend())
    assert any(base.__module__.startswith("modelsearch.backends.database") for base in backend.__mro__), backend
    area = make_area()
    return make_walk(areas=[area], title="Vandring i Nordparken"), make_walk(areas=[area], title="Vandring i Syd")


def test_a_public_finding_makes_its_walk_findable_by_its_words(client, walks):
    north, _south = walks
    make_finding(north, is_public=True, title=f"Knallertkørsel på {WORD}")

    assert found_titles(client, WORD) == ["Vandring i Nordparken"]


def test_a_finding_moved_and_made_internal_leaves_no_words_on_either_walk(client, walks):
    north, south = walks
    finding = make_finding(north, is_public=True, title=f"Knallertkørsel på {WORD}", location="Bag blok 7")
    assert found_titles(client, WORD) == ["Vandring i Nordparken"]

    finding = Finding.objects.get(pk=finding.pk)  # loaded as an edit form loads it
    finding.walk = south
    finding.is_public = False
    finding.save()

    assert found_titles(client, WORD) == []
    assert found_titles(client, "blok 7") == []


def test_a_public_finding_moved_to_another_walk_is_found_there_only(client, walks):
    north, south = walks
    finding = make_finding(north, is_public=True, title=f"Knallertkørsel på {WORD}")

    finding = Finding.objects.get(pk=finding.pk)
    finding.walk = south
    finding.save()

    assert found_titles(client, WORD) == ["Vandring i Syd"]


def test_a_finding_made_internal_or_deleted_takes_its_words_out(client, walks):
    north, _south = walks
    internal = make_finding(north, is_public=True, title=f"Narkohandel ved {WORD}")
    internal.is_public = False
    internal.save()
    deleted = make_finding(north, is_public=True, title="Hærværk ved Rosenhaven")
    deleted.delete()

    assert found_titles(client, WORD) == []
    assert found_titles(client, "Rosenhaven") == []
    assert found_titles(client, "Nordparken") == ["Vandring i Nordparken"]


def test_an_internal_finding_is_never_searchable(client, walks):
    north, _south = walks
    make_finding(north, is_public=False, title=f"Narkohandel ved {WORD}", description="Sælges fra kælderen")

    assert found_titles(client, WORD) == []
    assert found_titles(client, "kælderen") == []
