"""A change to a walk's working data leaves the cache in every language at once: the Danish page, its Arabic
alias or translation, and the Danish page served under a language that has no pages of its own (/so/...)."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Site
from wagtail_localize.synctree import synchronize_tree

from community.cache_purge import activity_urls
from estates import roles
from estates.cache_middleware import HEADER
from estates.frontend_cache import page_and_ancestor_urls
from home.models import TeamContact
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.community.builders import make_activity, make_calendar
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

NOTE = "Der er sat nye lamper op langs stien."


@pytest.fixture(autouse=True)
def _cache_and_languages(settings):
    settings.BOLIGSOCIAL_PAGE_CACHE_SECONDS = 600
    settings.BOLIGSOCIAL_PAGE_CACHE_ALIAS = "default"  # locmem, emptied before every test (tests/conftest.py)


@pytest.fixture
def police(db):
    return make_organisation(name="Lokalpolitiet")


@pytest.fixture
def walk_in_languages(police):
    walk = make_walk(title="Tryghedsvandring i Nordparken")
    finding = make_finding(walk, title="Mørk sti ved legepladsen", responsibilities=[(police, RS.PLACED, 30)])
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    synchronize_tree(Locale.get_default(), arabic)
    TeamContact.for_site(Site.objects.get(is_default_site=True))  # the footer's row, made before anything is cached
    return walk, finding, arabic


def _addresses(walk, arabic):
    danish = walk.url
    assert danish.startswith("/da/")
    arabic_url = walk.get_translation(arabic).url
    assert arabic_url.startswith("/ar/")
    somali = "/so/" + danish.removeprefix("/da/")  # no Somali pages: Wagtail serves the Danish page there
    return [danish, arabic_url, somali]


def test_the_walks_addresses_to_purge_name_every_language(walk_in_languages):
    walk, _finding, arabic = walk_in_languages
    urls = page_and_ancestor_urls(walk)
    paths = {url.split("://", 1)[-1].split("/", 1)[-1] for url in urls}

    for address in _addresses(walk, arabic):
        assert address.lstrip("/") in paths, address
    index = walk.get_parent()
    assert index.get_translation(arabic).url.lstrip("/") in paths  # the Arabic list of walks shows it too


def test_a_partners_update_purges_the_walk_in_danish_arabic_and_every_language_prefix(
    walk_in_languages, police, django_capture_on_commit_callbacks
):
    walk, finding, arabic = walk_in_languages
    addresses = _addresses(walk, arabic)
    for url in addresses:
        assert Client().get(url).status_code == 200, url
        assert Client().get(url)[HEADER] == "hit", url

    partner = Client()
    partner.force_login(make_user(roles.PARTNERS, organisation=police))
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(
            reverse("safety_walks_add_update", args=[finding.pk]),
            {"responsibility": finding.responsibilities.get().pk, "new_status": RS.RESOLVED, "public_note": NOTE},
        )
    assert response.status_code == 302

    for url in addresses:
        page = Client().get(url)
        assert page[HEADER] == "miss", url
    assert NOTE in Client().get(walk.finding_url(finding)).content.decode()


def test_a_cancelled_occurrence_purges_the_activity_and_its_calendar_in_every_language(home_page):
    calendar = make_calendar(parent=home_page)
    activity = make_activity(calendar, title="Lektiecafé")
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    synchronize_tree(Locale.get_default(), arabic)

    paths = {url.split("://", 1)[-1].split("/", 1)[-1] for url in activity_urls(activity)}

    for page in (activity, calendar):
        danish = page.url.lstrip("/")
        assert danish in paths and danish + "*" in paths
        assert page.get_translation(arabic).url.lstrip("/") in paths
        assert "uk/" + danish.removeprefix("da/") in paths  # no Ukrainian pages: the Danish one is served there
