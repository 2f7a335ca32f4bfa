"""The walk list's reads after #18 (walks4): the housing areas offered by the filter and the follow form are read
once per request, without their descriptions, and a language without a locale is asked for once per request."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import translate_url
from django.utils import translation

from estates import i18n
from estates.models import HousingArea
from safety_walks.filters import WalkFilter
from safety_walks.models import WalkPage
from tests.builders import make_area
from tests.safety_walks.builders import make_finding, make_walk, make_walk_index

pytestmark = pytest.mark.django_db

# Every housing area (not those of walks, joined: the list's feeds).
AREA_READ = re.compile(r'FROM "estates_housingarea"(?! INNER JOIN)')
MISSING_LOCALE_ASK = re.compile(r'"wagtailcore_locale"\."id" AS "pk" FROM "wagtailcore_locale"')


def area_reads(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if AREA_READ.search(query["sql"])]


@pytest.fixture
def walk_list():
    nord, vest = make_area(name="Nordparken"), make_area(name="Vestergården")
    for n in range(4):
        walk = make_walk(title=f"Vandring {n}", areas=[nord if n % 2 else vest])
        make_finding(walk, is_public=True)
    return make_walk_index()


def test_the_filter_and_the_follow_form_offer_the_areas_the_request_has_read(walk_list, django_assert_num_queries):
    request = RequestFactory().get(walk_list.url)
    areas = HousingArea.objects.for_request(request)
    assert [area.name for area in areas] == ["Nordparken", "Vestergården"]
    walks = WalkPage.objects.live()
    # The years, and the areas of the list's walks (its feeds): not every housing area again.
    with django_assert_num_queries(2) as captured:
        walk_filter = WalkFilter({}, walks=walks, request=request)
        select = str(walk_filter.form["omraade"])
        form = Template("{% load boligsocial_following %}{% follow_form page %}").render(
            Context({"page": walk_list, "request": request})
        )
    assert not area_reads(captured)
    nord, vest = areas
    assert f'<option value="{nord.slug}">Nordparken</option>' in select
    assert select.index("Nordparken") < select.index("Vestergården")
    assert f'<option value="{vest.pk}">Vestergården</option>' in form


def test_the_choices_are_those_the_fields_querysets_give(walk_list):
    request = RequestFactory().get(walk_list.url)
    walks = WalkPage.objects.live()
    fresh = WalkFilter({}, walks=walks)  # no request: read on its own
    field = fresh.form.fields["omraade"]
    from_queryset = [(str(value), label) for value, label in field.iterator(field)]
    offered = [
        (str(value), label)
        for value, label in WalkFilter({}, walks=walks, request=request).form["omraade"].field.widget.choices
    ]
    assert offered == from_queryset


def test_the_walk_list_reads_no_area_description(client, walk_list, django_assert_max_num_queries):
    client.get(walk_list.url)
    with django_assert_max_num_queries(15) as captured:
        response = client.get(walk_list.url)
    assert response.status_code == 200
    assert not [sql for sql in area_reads(captured) if '"description"' in sql]


def test_the_walk_list_in_a_language_without_a_locale_asks_for_it_once(
    client, walk_list, django_assert_max_num_queries
):
    i18n.forget_locales()
    english = translate_url(walk_list.url, "en")
    assert english != walk_list.url
    client.get(walk_list.url)
    with django_assert_max_num_queries(15) as danish:
        client.get(walk_list.url)
    client.get(english)
    with django_assert_max_num_queries(17) as captured:
        response = client.get(english)
    assert response.status_code == 200
    assert len([q for q in captured.captured_queries if MISSING_LOCALE_ASK.search(q["sql"])]) == 1
    # Wagtail's own look-up of the active locale is the other query the English page makes more.
    assert len(captured.captured_queries) <= len(danish.captured_queries) + 2
    with translation.override("en"):
        assert "Vandring 3" in response.content.decode()
