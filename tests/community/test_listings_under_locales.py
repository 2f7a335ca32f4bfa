"""Every listing of the calendar under several languages: the default locale's activity is listed once, its
occurrences are stored once, and a reader of Arabic sees the Arabic title and the /ar/ address where the
activity is translated (the aliases wagtail-localize keeps for the rest only present the Danish page)."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from community.models import ActivityPage
from community.models.occurrences import StoredOccurrence
from tests.community.builders import make_activity

pytestmark = pytest.mark.django_db


ARABIC_TITLE = "نادي الواجبات المنزلية"


def translate(page, locale, **texts):
    """A real translation (not an alias), published: what an editor gets from wagtail-localize."""
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in texts.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


@pytest.fixture
def languages(calendar):
    """Arabic and English synced from Danish, one activity translated into Arabic, one left as an alias."""
    # Mid-morning, local time: an activity started late in the evening would reach into the next day, and the
    # month shows it on both days.
    morning = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=2), time(10)))
    homework = make_activity(calendar, title="Lektiecafé", slug="lektiecafe", starts_at=morning)
    walk = make_activity(calendar, title="Gåtur", slug="gaatur", starts_at=morning + timedelta(days=1))
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = translate(homework, arabic, title=ARABIC_TITLE)
    for locale in (arabic, english):
        synchronize_tree(Locale.get_default(), locale)
    return {"homework": homework, "walk": walk, "translated": translated, "ar": arabic, "en": english}


def _url_in(page, locale):
    return page.get_translation(locale).url


def test_every_activity_has_a_page_in_each_language_but_occurrences_only_once(languages):
    homework = languages["homework"]
    assert ActivityPage.objects.filter(translation_key=homework.translation_key).count() == 3  # da, ar, en
    stored_for = set(StoredOccurrence.objects.values_list("activity_id", flat=True))
    assert stored_for == {homework.pk, languages["walk"].pk}


def test_publishing_a_translation_or_storing_again_makes_no_rows_for_it(languages):
    translated = languages["translated"]
    translated.title = ARABIC_TITLE + " ١"
    translated.save_revision().publish()
    call_command("store_occurrences", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    StoredOccurrence.objects.store_missing()

    assert not StoredOccurrence.objects.filter(activity_id=translated.pk).exists()
    aliases = ActivityPage.objects.exclude(locale=Locale.get_default()).values("pk")
    assert not StoredOccurrence.objects.filter(activity__in=aliases).exists()
    assert StoredOccurrence.objects.filter(activity=languages["homework"]).count() == 1


def test_the_upcoming_list_lists_each_activity_once_in_danish(client, calendar, languages):
    html = client.get(calendar.url).content.decode()

    assert html.count(">Lektiecafé</a>") == 1
    assert html.count(">Gåtur</a>") == 1
    assert ARABIC_TITLE not in html


def test_the_upcoming_list_in_arabic_shows_the_arabic_title_and_address(client, calendar, languages):
    arabic_calendar_url = _url_in(calendar, languages["ar"])
    assert arabic_calendar_url.startswith("/ar/")

    html = client.get(arabic_calendar_url).content.decode()

    translated_url = languages["translated"].url
    assert translated_url.startswith("/ar/")
    assert html.count(f">{ARABIC_TITLE}</a>") == 1
    assert f'href="{translated_url}"' in html
    assert "Lektiecafé</a>" not in html
    # The untranslated activity is listed once, under its Arabic address (an alias of the Danish page).
    assert html.count(">Gåtur</a>") == 1
    assert f'href="{_url_in(languages["walk"], languages["ar"])}"' in html


def test_the_month_in_arabic_lists_the_activity_once_with_its_arabic_title(client, calendar, languages):
    day = timezone.localdate(languages["homework"].starts_at)
    month_path = calendar.get_translation(languages["ar"]).specific.route_url("month", f"{day:%Y}", f"{day:%m}")

    html = client.get(month_path).content.decode()

    assert html.count(ARABIC_TITLE) == 1
    assert f'href="{languages["translated"].url}"' in html
    assert html.count("Gåtur</a>") == 1


def test_the_feed_under_ar_carries_the_arabic_summary_and_address(client, calendar, languages):
    feed_url = calendar.get_translation(languages["ar"]).specific.route_url("feed")

    body = client.get(feed_url).content.decode()

    assert body.count("BEGIN:VEVENT") == 2
    assert f"SUMMARY:{ARABIC_TITLE}" in body
    assert "SUMMARY:Gåtur" in body
    assert "/ar/" in body.replace("\r\n ", "")
    danish = client.get(calendar.route_url("feed")).content.decode()
    assert "SUMMARY:Lektiecafé" in danish
    assert ARABIC_TITLE not in danish


def test_the_occurrences_api_lists_once_and_links_the_page_in_the_language_asked_for(client, languages):
    today = timezone.localdate()
    query = {"start": today.isoformat(), "end": (today + timedelta(days=10)).isoformat()}

    danish = client.get("/api/v2/occurrences/", {**query, "locale": "da"}).json()
    arabic = client.get("/api/v2/occurrences/", {**query, "locale": "ar"}).json()

    assert danish["meta"]["total_count"] == arabic["meta"]["total_count"] == 2
    by_title = {item["title"]: item for item in arabic["items"]}
    assert set(by_title) == {ARABIC_TITLE, "Gåtur"}
    assert by_title[ARABIC_TITLE]["activity"]["id"] == languages["homework"].pk  # the page that carries it
    assert "/ar/" in by_title[ARABIC_TITLE]["url"]
    assert "/ar/" in by_title[ARABIC_TITLE]["activity"]["html_url"]
    assert all("/da/" in item["url"] for item in danish["items"])
    assert client.get("/api/v2/occurrences/", {**query, "locale": "xx"}).status_code == 400


def test_the_home_page_in_arabic_lists_the_next_activities_once(client, home_page, languages):
    with translation.override("ar"):
        arabic_home = home_page.get_translation(languages["ar"]).url

    html = client.get(arabic_home).content.decode()

    assert html.count(ARABIC_TITLE) == 1
    assert html.count(">Gåtur</a>") == 1


@pytest.mark.urls("tests.community.urls_activity_listing")
def test_staffs_list_of_every_activity_has_one_row_per_activity(admin_client, languages):
    response = admin_client.get("/admin/community/activities/")

    assert response.status_code == 200
    assert sorted(page.title for page in response.context["pages"]) == ["Gåtur", "Lektiecafé"]


def test_the_ics_of_a_translated_activity_carries_its_arabic_title_and_address(client, languages):
    translated = languages["translated"]

    body = client.get(translated.specific.ical_url()).content.decode().replace("\r\n ", "")

    assert f"SUMMARY:{ARABIC_TITLE}" in body
    assert f"URL;VALUE=URI:http://testserver{translated.url}" in body


def test_the_arabic_list_costs_the_same_queries_for_two_or_ten_activities(client, calendar, languages):
    arabic_calendar_url = _url_in(calendar, languages["ar"])

    def cost() -> int:
        client.get(arabic_calendar_url)
        cache.clear()  # the list is kept a minute: measure the rendering
        with CaptureQueriesContext(connection) as queries:
            assert client.get(arabic_calendar_url).status_code == 200
        return len(queries)

    with_two = cost()
    start = languages["homework"].starts_at
    for n in range(8):
        make_activity(calendar, title=f"Mere {n}", slug=f"mere-{n}", starts_at=start + timedelta(hours=n + 1))
    synchronize_tree(Locale.get_default(), languages["ar"])
    html = client.get(arabic_calendar_url).content.decode()
    assert html.count(">Mere ") == 8

    assert cost() == with_two


def test_in_arabic_an_untranslated_title_says_it_is_danish_and_a_translated_one_does_not(client, calendar, languages):
    base = _url_in(calendar, languages["ar"])

    def month_of(activity) -> str:
        return client.get(base + f"maaned/{timezone.localtime(activity.series_start):%Y-%m}/").content.decode()

    upcoming = client.get(base).content.decode()
    for html in (upcoming, month_of(languages["walk"])):  # the alias: its Danish title, marked as Danish
        assert re.search(r'lang="da" dir="ltr">(<span[^>]*>[^<]*</span> )?Gåtur</a>', html)
    for html in (upcoming, month_of(languages["homework"])):  # the translation: Arabic, as the page around it
        assert re.search(rf'"[^>]*>(<span[^>]*>[^<]*</span> )?{ARABIC_TITLE}</a>', html)
        assert f'lang="da" dir="ltr">{ARABIC_TITLE}' not in html
    danish = client.get(calendar.url).content.decode()
    assert 'lang="da"' not in danish.split("<main")[1]  # nothing to mark for a Danish reader
