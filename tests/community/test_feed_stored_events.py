"""The feed joins each activity's stored VEVENT text (#15): written once, read by every request after, and
written again after anything it shows changes. Each test clears the feed's cache before reading again, so
what it sees is the stored text, not a kept feed."""

from datetime import date

import pytest
from django.core.cache import cache
from icalendar import Calendar
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from community import ical
from community.choices import ExceptionAction, Recurrence
from community.models import OccurrenceException
from community.models.feed_events import StoredFeedEvent
from tests.builders import make_area
from tests.community.builders import local, make_activity

pytestmark = pytest.mark.django_db

FEED = "/da/aktiviteter/ical/"


def read(client, path=FEED, **headers) -> bytes:
    cache.clear()  # not the feed's kept bytes: the stored texts
    response = client.get(path, **headers)
    assert response.status_code == 200
    return response.content


def summaries(body: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(body).walk("VEVENT")]


def weekly(calendar, **kwargs):
    return make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 16, 17),
        ends_at=local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 13),
        **kwargs,
    )


def test_the_next_feed_reads_the_stored_texts_and_writes_nothing_again(client, calendar, monkeypatch):
    weekly(calendar)
    make_activity(calendar, title="Sommerfest")
    first = read(client)
    assert StoredFeedEvent.objects.count() == 2

    def never(*args, **kwargs):
        raise AssertionError("an activity was written again")

    monkeypatch.setattr(ical, "activity_lines", never)
    second = read(client)

    assert second == first  # DTSTAMP and all: a subscriber's calendar sees no change
    assert sorted(summaries(second)) == ["Lektiecafé", "Sommerfest"]


def test_an_activity_edited_and_published_shows_in_the_next_feed(client, calendar):
    party = make_activity(calendar, title="Sommerfest")
    read(client)

    party.title = "Høstfest"
    party.save_revision().publish()

    assert summaries(read(client)) == ["Høstfest"]


def test_an_occurrence_cancelled_on_its_own_shows_cancelled_with_its_reason_and_shows_again_once_undone(
    client, calendar
):
    cafe = weekly(calendar)
    read(client)

    exception = OccurrenceException.objects.create(
        page=cafe, occurrence_date=date(2027, 3, 23), action=ExceptionAction.CANCELLED, note="Lederen er syg"
    )
    (cancelled,) = [event for event in Calendar.from_ical(read(client)).walk("VEVENT") if "RECURRENCE-ID" in event]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled.decoded("RECURRENCE-ID").date() == date(2027, 3, 23)
    assert str(cancelled["DESCRIPTION"]).startswith("Lederen er syg")

    exception.delete()
    assert "RECURRENCE-ID" not in read(client).decode()


def test_an_unpublished_or_deleted_activity_leaves_the_next_feed(client, calendar):
    party = make_activity(calendar, title="Sommerfest")
    walk = make_activity(calendar, title="Gåtur")
    make_activity(calendar, title="Strikkeklub")
    read(client)

    party.unpublish()
    assert sorted(summaries(read(client))) == ["Gåtur", "Strikkeklub"]

    walk.delete()
    assert summaries(read(client)) == ["Strikkeklub"]


def test_a_translation_published_titles_and_links_the_event_in_the_feed_read_in_its_language(client, calendar):
    homework = make_activity(calendar, title="Lektiecafé", slug="lektiecafe")
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    synchronize_tree(Locale.get_default(), arabic)  # an alias of each page until translated
    arabic_feed = calendar.get_translation(arabic).url + "ical/"
    assert summaries(read(client, arabic_feed)) == ["Lektiecafé"]

    translated = homework.get_translation(arabic)
    translated.alias_of = None
    translated.title = "نادي الواجبات المنزلية"
    translated.save_revision().publish()

    body = read(client, arabic_feed).decode().replace("\r\n ", "")
    assert summaries(body.encode()) == ["نادي الواجبات المنزلية"]
    assert f"URL;VALUE=URI:http://testserver{translated.url}" in body
    assert summaries(read(client)) == ["Lektiecafé"]  # the Danish feed keeps its own text


def test_links_name_the_host_each_feed_was_asked_at_and_follow_a_renamed_calendar(
    client, calendar, django_capture_on_commit_callbacks
):
    homework = make_activity(calendar, title="Lektiecafé", slug="lektiecafe")
    read(client)

    other = read(client, HTTP_HOST="beboer.example.dk").decode().replace("\r\n ", "")
    assert f"URL;VALUE=URI:http://beboer.example.dk{homework.url}" in other
    assert "testserver" not in other

    calendar.slug = "kalender"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail says a slug changed once it is committed
        calendar.save_revision().publish()
    renamed = read(client, "/da/kalender/ical/").decode().replace("\r\n ", "")
    assert "URL;VALUE=URI:http://testserver/da/kalender/lektiecafe/" in renamed


def test_a_renamed_housing_area_names_its_filtered_feed_at_once(client, calendar):
    north = make_area(name="Nordparken", slug="nordparken")
    make_activity(calendar, title="Legestue", areas=[north])
    read(client, FEED + "?omraade=nordparken")

    north.name = "Nordhaven"
    north.save()

    parsed = Calendar.from_ical(read(client, FEED + "?omraade=nordparken"))
    assert parsed["X-WR-CALNAME"] == "Aktiviteter – Nordhaven"
    assert [str(event["SUMMARY"]) for event in parsed.walk("VEVENT")] == ["Legestue"]
