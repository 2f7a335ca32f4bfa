"""Site-wide answers from the page cache (estates.cache_middleware, estates.page_cache): the Atom feeds and the
site's search draw on working data from anywhere, so any purge forgets them, and one rendered while a purge landed
is not kept."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from estates import page_cache
from estates.cache_middleware import HEADER
from tests.builders import make_area
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def area_walk(cacheable_footer):
    area = make_area(name="Nordparken", slug="nordparken")
    walk = make_walk(title="Tryghedsvandring i Nordparken", areas=[area])
    make_finding(walk, title="Mørk sti ved legepladsen")
    return area, walk


def _feeds(area, walk) -> list[str]:
    return [
        reverse("boligsocial:following:walk_feed", args=[walk.pk]),
        reverse("boligsocial:following:area_feed", args=[area.slug]),
    ]


def test_a_feed_is_served_from_the_cache_until_a_finding_anywhere_changes(area_walk, django_assert_num_queries):
    area, walk = area_walk
    for url in _feeds(area, walk):
        first = Client().get(url)
        assert first[HEADER] == "miss" and "Mørk sti ved legepladsen" in first.text
        with django_assert_num_queries(0):
            second = Client().get(url)
        assert second[HEADER] == "hit" and second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
    make_finding(walk, title="Væltet cykelstativ")  # a new public finding on the walk
    for url in _feeds(area, walk):
        again = Client().get(url)
        assert again[HEADER] == "miss" and "Væltet cykelstativ" in again.text, url


def test_a_finding_hidden_from_the_public_leaves_the_kept_feeds_at_once(area_walk):
    area, walk = area_walk
    for url in _feeds(area, walk):
        Client().get(url)
    finding = walk.findings.get()
    finding.is_public = False
    finding.save()
    for url in _feeds(area, walk):
        assert "Mørk sti ved legepladsen" not in Client().get(url).text, url


def test_the_sites_search_is_kept_and_forgets_a_renamed_finding(area_walk):
    _, walk = area_walk
    url = reverse("search") + "?q=legepladsen"
    first = Client().get(url)
    assert first.status_code == 200 and first[HEADER] == "miss" and "Mørk sti ved legepladsen" in first.text
    assert Client().get(url)[HEADER] == "hit"
    finding = walk.findings.get()
    finding.title = "Mørk sti ved den nye legeplads"
    finding.save()
    again = Client().get(url)
    assert again[HEADER] == "miss" and "Mørk sti ved legepladsen" not in again.text


def test_a_site_wide_answer_rendered_while_any_purge_landed_is_not_kept(page_cache_on):
    variant = page_cache.Variant(scheme="http", host="localhost", full_path="/da/search/?q=lys", language="da")
    token, generations = page_cache.current_state("/da/search/")
    page_cache.purge_path("/da/tryghedsvandringer/nordparken/")  # another address: the search showed it too
    assert not page_cache.store(variant, generations, HttpResponse("gammelt"), site_wide_token=token)
    token, generations = page_cache.current_state("/da/search/")
    assert page_cache.store(variant, generations, HttpResponse("nyt"), site_wide_token=token)
    assert page_cache.fetch(variant, generations, token=token).content == b"nyt"
    page_cache.purge_path("/da/aktiviteter/")
    token, generations = page_cache.current_state("/da/search/")
    assert page_cache.fetch(variant, generations, token=token) is None
