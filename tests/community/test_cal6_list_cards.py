"""The calendar's upcoming and past lists read their cards as plain values (community.calendar_list): the same
cards as from the activities' page objects, in Danish, English and Arabic, for a bounded number of queries."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.models import Locale

from community.calendar_list import CalendarList
from community.cards import CardWriter
from community.choices import TargetGroupCode
from community.models import ActivityPage
from community.occurrences import OccurrenceList
from community.recurrence import Window
from estates.models import HousingArea
from tests.community.builders import groups, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(calendar):
    """Activities with what a card shows: areas (given out of name order), target groups, notes and places,
    a cancelled and a moved occurrence of a weekly one, and one translated into Arabic."""
    soon = timezone.now().replace(microsecond=0) + timedelta(days=1)
    west = HousingArea.objects.create(name="Vestervang", slug="vest")
    north = HousingArea.objects.create(name="Nord & Syd <parken>", slug="nord")
    knitting = make_activity(
        calendar,
        title="Strik & <snak>",
        intro='Garn "og" kaffe',
        starts_at=soon,
        areas=[west, north],
        target_groups=groups(TargetGroupCode.ELDERLY, TargetGroupCode.CHILDREN),
        place_address="Nordparken 12",
        cancellation_note="Syg & træt",
        recurrence="weekly",
        recurrence_until=(soon + timedelta(weeks=4)).date(),
        exceptions=[
            {"occurrence_date": (soon + timedelta(weeks=1)).date(), "action": "cancelled"},
            {
                "occurrence_date": (soon + timedelta(weeks=2)).date(),
                "action": "moved",
                "new_starts_at": soon + timedelta(weeks=2, days=1),
                "note": "Ny & bedre",
            },
        ],
    )
    homework = make_activity(calendar, title="Lektiecafé", starts_at=soon + timedelta(hours=3), areas=[north])
    make_activity(calendar, title="Banko", starts_at=soon + timedelta(days=2))
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    translated = homework.copy_for_translation(arabic, copy_parents=True)
    translated.title = "نادي الواجبات المنزلية"
    translated.save_revision().publish()
    return knitting


def _cards(listing, calendar) -> str:
    """The list's cards, each activity linked as the calendar's list links it."""
    found = [
        replace(occurrence, link=f"{calendar.url}{occurrence.activity.slug}/")
        if occurrence.activity and not occurrence.link
        else occurrence
        for occurrence in listing[0 : listing.count()]
    ]
    return str(CardWriter(RequestFactory().get("/")).cards(found, "h4"))


@pytest.mark.parametrize("language", ["da", "en", "ar"])
def test_the_list_writes_the_same_cards_as_from_the_activities_pages(calendar, activities, language):
    now = timezone.now()
    window = Window(now, now + timedelta(days=60))
    linked = lambda slug: f"{calendar.url}{slug}/"  # noqa: E731
    with translation.override(language):
        from_values = CalendarList(ActivityPage.objects.all(), window, calendar=calendar, url_of_slug=linked)
        from_pages = OccurrenceList(ActivityPage.objects.all(), window, calendar=calendar)
        cards = _cards(from_values, calendar)
        assert cards == _cards(from_pages, calendar)
    assert cards.count("<li") == 7  # five weekly (one cancelled, one moved), two once
    assert cards.index("Nord &amp; Syd &lt;parken&gt;") < cards.index("Vestervang")  # the areas in name order
    if language == "ar":
        assert "نادي الواجبات المنزلية" in cards


def test_a_page_of_the_list_reads_its_rows_in_two_queries_and_their_areas_and_groups_in_one(
    client, calendar, django_assert_max_num_queries
):
    areas = [HousingArea.objects.create(name=f"Område {n}", slug=f"omraade-{n}") for n in range(3)]
    soon = timezone.now().replace(microsecond=0) + timedelta(days=1)
    for n in range(30):
        make_activity(
            calendar,
            starts_at=soon + timedelta(hours=n),
            title=f"Hold {n}",
            areas=areas[: n % 3 + 1],
            target_groups=groups(TargetGroupCode.CHILDREN, TargetGroupCode.ADULTS),
        )
    client.get(calendar.url)  # the per-process caches (content types, locales)
    cache.clear()
    with django_assert_max_num_queries(19) as captured:
        response = client.get(calendar.url)
    html = response.content.decode()
    assert html.count('class="bs-card bs-occurrence') == 20
    assert "Område 0, Område 1, Område 2" in html
    queries = [query["sql"] for query in captured.captured_queries]
    assert len([sql for sql in queries if "community_storedoccurrence" in sql]) == 2  # the count, the page
    links = [sql for sql in queries if "community_activitypage_areas" in sql or "activitypage_target_groups" in sql]
    assert len(links) == 1
