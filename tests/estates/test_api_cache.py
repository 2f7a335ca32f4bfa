"""The site's API from the page cache (estates.cache_middleware): anonymous answers kept, and never one that shows
a page after it was unpublished or made private, or working data after it changed."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from estates.cache_middleware import HEADER
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(cacheable_footer):
    walk = make_walk(title="Tryghedsvandring i Nordparken")
    make_finding(walk, title="Mørk sti ved legepladsen")
    return walk


def _detail(walk):
    return reverse("wagtailapi:pages:detail", args=[walk.pk])


def _titles(response) -> list[str]:
    return [finding["title"] for finding in json.loads(response.content)["public_findings"]]


def test_an_api_answer_comes_from_the_cache_the_second_time_without_a_query(walk, django_assert_num_queries):
    first = Client().get(_detail(walk))
    assert first.status_code == 200 and first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(_detail(walk))
    assert second[HEADER] == "hit" and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    listing = reverse("wagtailapi:walks:listing")
    assert Client().get(listing)[HEADER] == "miss"
    assert Client().get(listing)[HEADER] == "hit"


def test_a_hidden_finding_leaves_the_cached_api_answer_at_once(walk):
    Client().get(_detail(walk))
    assert _titles(Client().get(_detail(walk))) == ["Mørk sti ved legepladsen"]
    finding = walk.findings.get()
    finding.is_public = False
    finding.save()
    answer = Client().get(_detail(walk))
    assert answer[HEADER] == "miss" and _titles(answer) == []


def test_an_unpublished_page_leaves_the_api_at_once(walk):
    listing = reverse("wagtailapi:walks:listing")
    for url in (_detail(walk), listing):
        Client().get(url)
        assert Client().get(url)[HEADER] == "hit"
    walk.unpublish()
    assert Client().get(_detail(walk)).status_code == 404
    assert json.loads(Client().get(listing).content)["meta"]["total_count"] == 0


def test_a_page_made_private_leaves_the_api_and_the_page_cache_at_once(walk):
    listing = reverse("wagtailapi:walks:listing")
    for url in (_detail(walk), listing, walk.url):
        Client().get(url)
        assert Client().get(url)[HEADER] == "hit", url
    restriction = PageViewRestriction.objects.create(page=walk, restriction_type=PageViewRestriction.LOGIN)
    assert Client().get(_detail(walk)).status_code == 404
    assert json.loads(Client().get(listing).content)["meta"]["total_count"] == 0
    page = Client().get(walk.url)
    assert page.status_code == 302 and HEADER not in page  # to the login, not the kept page
    restriction.delete()  # public again: the page and the API show it at once
    assert Client().get(_detail(walk)).status_code == 200
    assert json.loads(Client().get(listing).content)["meta"]["total_count"] == 1


def test_an_answer_asked_in_another_format_is_not_served_from_the_cache(walk):
    compact = Client().get(_detail(walk), HTTP_ACCEPT="application/json")
    assert Client().get(_detail(walk), HTTP_ACCEPT="application/json")[HEADER] == "hit"
    indented = Client().get(_detail(walk), HTTP_ACCEPT="application/json; indent=4")
    assert indented[HEADER] == "miss" and indented.content != compact.content
    assert json.loads(indented.content) == json.loads(compact.content)
    assert b'\n    "id"' in indented.content


def test_a_logged_in_user_and_the_images_endpoint_never_use_the_cache(walk, staff_user):
    Client().get(_detail(walk))
    staff = Client()
    staff.force_login(staff_user)
    assert HEADER not in staff.get(_detail(walk))
    images = reverse("wagtailapi:images:listing")
    for _ in range(2):
        assert HEADER not in Client().get(images)
