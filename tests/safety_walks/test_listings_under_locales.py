"""The walks' listings under several languages: each walk once, the default locale's walk carrying its findings,
the Arabic title and /ar/ address where the walk is translated (aliases only present the Danish page)."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from estates.calendar import calendar_entries
from safety_walks.models import WalkPage
from tests.community.builders import make_calendar
from tests.safety_walks.builders import make_finding, make_planned_walk, make_walk, make_walk_index

pytestmark = pytest.mark.django_db

ARABIC_TITLE = "جولة الأمان في Nordparken"


@pytest.fixture
def languages(home_page):
    """Arabic and English synced from Danish; the walk in Nordparken translated into Arabic, a planned walk not."""
    make_calendar(parent=home_page)
    make_walk_index()
    walk = make_walk(title="Tryghedsvandring i Nordparken")
    make_finding(walk, title="Mørk sti i Nordparken", is_public=True)
    planned = make_planned_walk(title="Kommende vandring", days_ahead=5)
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = walk.copy_for_translation(arabic, copy_parents=True)
    translated.title = ARABIC_TITLE
    translated.save_revision().publish()
    for locale in (arabic, english):
        synchronize_tree(Locale.get_default(), locale)
    return {"walk": walk, "planned": planned, "translated": translated, "ar": arabic}


def test_each_walk_has_a_page_per_language(languages):
    assert WalkPage.objects.filter(translation_key=languages["walk"].translation_key).count() == 3


def test_the_walk_index_lists_the_walk_once_in_danish_and_in_arabic(client, languages):
    index = make_walk_index()
    danish = client.get(index.url).content.decode()
    arabic = client.get(index.get_translation(languages["ar"]).url).content.decode()

    assert danish.count(">Tryghedsvandring i Nordparken</a>") == 1
    assert arabic.count(f">{ARABIC_TITLE}</a>") == 1
    assert f'href="{languages["translated"].url}"' in arabic
    assert "Tryghedsvandring i Nordparken</a>" not in arabic
    assert arabic.count(">Kommende vandring</a>") == 1  # the planned walk, as its Arabic alias
    # The Arabic list is of the Danish walks: their progress (findings hang off the Danish walk) is shown too.
    assert arabic.count('<progress class="bs-progress"') == danish.count('<progress class="bs-progress"') == 1


def test_the_home_pages_latest_walks_in_arabic_list_the_walk_once_with_its_arabic_title(client, home_page, languages):
    html = client.get(home_page.get_translation(languages["ar"]).url).content.decode()

    assert html.count(f">{ARABIC_TITLE}</a>") == 1
    assert f'href="{languages["translated"].url}"' in html
    assert "Tryghedsvandring i Nordparken</a>" not in html


def test_the_calendar_offers_each_planned_walk_once_titled_in_the_language_read(languages):
    planned = languages["planned"]
    window = {"start": planned.walk_date.replace(hour=0), "end": planned.walk_date.replace(hour=23)}
    with translation.override("da"):
        danish = [entry for entry in calendar_entries(**window) if entry.kind == "safety_walk"]
    with translation.override("ar"):
        arabic = [entry for entry in calendar_entries(**window) if entry.kind == "safety_walk"]

    assert [entry.url for entry in danish] == [planned.url]
    assert len(arabic) == 1
    assert arabic[0].url == planned.get_translation(languages["ar"]).url
    assert arabic[0].url.startswith("/ar/")


def test_search_in_arabic_finds_the_walk_once_with_its_finding_once(client, languages):
    with translation.override("ar"):
        search_url = reverse("search")
    with translation.override("da"):
        danish_search = reverse("search")

    arabic = client.get(search_url, {"q": "Nordparken"}).content.decode()
    danish = client.get(danish_search, {"q": "Nordparken"}).content.decode()

    assert arabic.count(f">{ARABIC_TITLE}</a>") == 1
    assert arabic.count("Mørk sti i Nordparken") == 1
    assert "Tryghedsvandring i Nordparken</a>" not in arabic
    assert danish.count(">Tryghedsvandring i Nordparken</a>") == 1
    assert danish.count("Mørk sti i Nordparken") == 1


def test_the_sitemap_lists_each_page_once_per_language_with_its_alternates(client, languages):
    body = client.get("/sitemap.xml").content.decode()
    walk, translated = languages["walk"], languages["translated"]

    assert body.count(f"<loc>http://testserver{walk.url}</loc>") == 1
    assert body.count(f"<loc>http://testserver{translated.url}</loc>") == 1
    assert f'hreflang="ar" href="http://testserver{translated.url}"' in body
    assert f'hreflang="x-default" href="http://testserver{walk.url}"' in body
    # An alias shows the Danish text under another address: not listed, not an alternate.
    alias_url = languages["planned"].get_translation(languages["ar"]).url
    assert alias_url not in body


def test_the_walks_feed_under_ar_is_titled_and_linked_in_arabic(client, languages):
    walk = languages["walk"]
    with translation.override("ar"):
        feed_url = reverse("boligsocial:following:walk_feed", args=[walk.pk])

    body = client.get(feed_url).content.decode()

    assert feed_url.startswith("/ar/")
    assert ARABIC_TITLE in body
    assert f"{languages['translated'].url}fund/" in body  # each finding under the Arabic page's address
    assert 'xml:lang="ar"' in body


def test_a_new_finding_makes_the_arabic_walk_findable_by_its_words(client, languages):
    # The Arabic walk's search entry holds the Danish walk's public findings: a new one is searchable at once.
    make_finding(languages["walk"], title="Væltet hegn ved skraldeskuret", is_public=True)
    with translation.override("ar"):
        search_url = reverse("search")

    arabic = client.get(search_url, {"q": "skraldeskuret"}).content.decode()

    assert arabic.count(f">{ARABIC_TITLE}</a>") == 1
