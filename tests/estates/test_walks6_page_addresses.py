"""A list's pages' addresses, worked out once per parent (estates.page_addresses), are those Wagtail gives each
page (`get_url`): in the default language and another, for a slug with Danish letters, for translations and
aliases under another locale, and where another site's root lies among the pages."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail_localize.synctree import synchronize_tree

from estates import i18n
from estates.page_addresses import page_urls
from safety_walks.models import WalkPage
from tests.safety_walks.builders import make_walk, make_walk_index

pytestmark = pytest.mark.django_db


def wagtails(pages, request):
    return {page.pk: page.get_url(request) for page in pages}


def a_request(path="/da/"):
    return RequestFactory().get(path, HTTP_HOST=Site.objects.get(is_default_site=True).hostname)


@pytest.fixture
def walks(home_page):
    make_walk_index()
    return [make_walk(slug="stor-vandring"), make_walk(slug="gården-og-søen"), make_walk(slug="vandring-3")]


def test_the_addresses_are_wagtails_in_danish(walks):
    request = a_request()
    with translation.override("da"):
        urls = page_urls(walks, request)
        assert urls == wagtails(walks, request)
    assert urls[walks[1].pk].endswith("/g%C3%A5rden-og-s%C3%B8en/")


def test_the_addresses_are_wagtails_for_translations_and_aliases_read_in_another_language(walks):
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    translated = walks[0].copy_for_translation(arabic, copy_parents=True)
    translated.save_revision().publish()
    synchronize_tree(Locale.get_default(), arabic)
    request = a_request("/ar/")
    with translation.override("ar"):
        shown = list(i18n.presented(walks).values())
        assert {page.locale_id for page in shown} == {arabic.pk}
        assert any(page.alias_of_id for page in shown) and any(not page.alias_of_id for page in shown)
        assert page_urls(shown, request) == wagtails(shown, request)
        listed = i18n.with_shown(WalkPage.objects.filter(pk__in=[walk.pk for walk in walks]), request)
        assert {walk.shown_url for walk in listed} == set(wagtails(shown, request).values())


def test_the_addresses_are_wagtails_where_another_sites_root_is_among_the_pages(walks):
    Site.objects.create(hostname="vandring.example", port=80, root_page=walks[1], site_name="Vandringen")
    pages = list(Page.objects.filter(pk__in=[walk.pk for walk in walks]).order_by("path"))
    request = a_request()
    with translation.override("da"):
        urls = page_urls(pages, request)
        assert urls == wagtails(pages, request)
    assert urls[walks[1].pk] != urls[walks[0].pk].replace("stor-vandring", walks[1].slug)


def test_the_address_of_a_page_wagtail_cannot_route_is_none(walks):
    Page.objects.filter(pk=walks[2].pk).update(url_path="/elsewhere/vandring-3/")
    pages = list(Page.objects.filter(pk__in=[walk.pk for walk in walks]).order_by("path"))
    request = a_request()
    with translation.override("da"):
        urls = page_urls(pages, request)
        assert urls == wagtails(pages, request)
    assert urls[walks[2].pk] is None
