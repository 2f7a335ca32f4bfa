"""iCalendar: the subscribable feed and the .ics per activity, checked by parsing them like a calendar client."""

from datetime import UTC, date, datetime, timedelta

import pytest
import recurring_ical_events
from django.core.cache import cache
from icalendar import Calendar
from wagtail import hooks

from community.choices import ActivityStatus, ExceptionAction, Recurrence, TargetGroupCode
from community.occurrences import calendar_occurrences
from community.recurrence import Window, local_midnight
from estates.calendar import CALENDAR_HOOK, CalendarEntry
from tests.builders import make_area
from tests.community.builders import bulk_activities, groups, local, make_activity, make_calendar

pytestmark = pytest.mark.django_db


def feed(client, query=None) -> Calendar:
    response = client.get("/da/aktiviteter/ical/", query or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def weekly_cafe(calendar_page, **kwargs):
    kwargs.setdefault("title", "Lektiecafé")
    return make_activity(
        calendar_page,
        starts_at=local(2027, 3, 16, 17),
        ends_at=local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 13),
        exceptions=[
            {"occurrence_date": date(2027, 3, 23), "action": ExceptionAction.CANCELLED},
            {
                "occurrence_date": date(2027, 3, 30),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2027, 3, 31, 16),
                "new_ends_at": local(2027, 3, 31, 18),
                "note": "Flyttet til onsdag",
            },
        ],
        **kwargs,
    )


def test_the_feed_is_a_calendar_with_its_time_zone_and_a_uid_stamp_and_sequence_on_every_event(client, calendar):
    weekly_cafe(calendar)
    make_activity(calendar, title="Sommerfest", starts_at=local(2027, 6, 19, 14), ends_at=local(2027, 6, 19, 22))

    parsed = feed(client)

    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"]
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    # The cancelled occurrence of the café is its own VEVENT, marked as the page marks it.
    assert {event["SUMMARY"] for event in events(parsed)} == {"Lektiecafé", "Aflyst: Lektiecafé", "Sommerfest"}
    for event in events(parsed):
        assert event["UID"].endswith("@boligsocial")
        assert event.DTSTAMP.tzinfo is not None and event.DTSTAMP.utcoffset() == timedelta(0)
        assert "SEQUENCE" in event
        assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"


def test_a_repeating_activity_is_one_rule_with_an_override_for_a_cancelled_and_for_a_moved_occurrence(client, calendar):
    cafe = weekly_cafe(calendar)
    cafe.occurrence_exceptions.filter(action=ExceptionAction.CANCELLED).update(note="Lederen er syg")
    cafe.save_revision().publish()

    master, cancelled, moved = sorted(events(feed(client)), key=lambda event: str(event.get("RECURRENCE-ID", "")))

    assert master["UID"] == cancelled["UID"] == moved["UID"] == cafe.ical_uid
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    # UNTIL is UTC for a DTSTART with a TZID: the end of 13 April 2027 in Copenhagen.
    assert master["RRULE"]["UNTIL"] == [datetime(2027, 4, 13, 21, 59, 59, tzinfo=UTC)]
    assert "EXDATE" not in master
    # The cancelled one stays in subscribers' calendars, marked and with the reason the page gives.
    assert cancelled["RECURRENCE-ID"].dt == local(2027, 3, 23, 17)
    assert (cancelled.start, cancelled.end) == (local(2027, 3, 23, 17), local(2027, 3, 23, 19))
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SUMMARY"] == "Aflyst: Lektiecafé"
    assert cancelled["DESCRIPTION"].startswith("Lederen er syg")
    assert master["STATUS"] == moved["STATUS"] == "CONFIRMED"
    assert moved["RECURRENCE-ID"].dt == local(2027, 3, 30, 17)
    assert moved.start == local(2027, 3, 31, 16)
    assert moved.end == local(2027, 3, 31, 18)
    assert "Flyttet til onsdag" in moved["DESCRIPTION"]


def test_a_monthly_activity_repeats_on_the_nth_weekday(client, calendar):
    make_activity(
        calendar,
        starts_at=local(2026, 12, 10, 14),
        ends_at=local(2026, 12, 10, 16),
        recurrence=Recurrence.MONTHLY_WEEKDAY,
        recurrence_until=date(2027, 3, 31),
    )

    (event,) = events(feed(client))

    assert event["RRULE"]["FREQ"] == ["MONTHLY"]
    assert event["RRULE"]["BYDAY"] == ["2TH"]


def test_a_cancelled_activity_is_marked_cancelled(client, calendar):
    make_activity(calendar, title="Banko", starts_at=local(2027, 2, 3, 19), status=ActivityStatus.CANCELLED)

    (event,) = events(feed(client))

    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Aflyst: Banko"


def test_an_all_day_activity_has_dates_not_times(client, calendar):
    make_activity(calendar, starts_at=local(2027, 6, 18, 9), ends_at=local(2027, 6, 20, 9), all_day=True)

    (event,) = events(feed(client))

    assert event.start == date(2027, 6, 18)
    assert event.end == date(2027, 6, 21)  # exclusive, per RFC 5545


def test_the_uid_never_changes_and_the_sequence_rises_only_when_the_time_changes(client, calendar):
    cafe = weekly_cafe(calendar)
    (first,) = [event for event in events(feed(client)) if "RECURRENCE-ID" not in event]

    cafe.title = "Lektiecafé for alle"
    cafe.slug = "lektiecafe-for-alle"
    cafe.save_revision().publish()
    (renamed,) = [event for event in events(feed(client)) if "RECURRENCE-ID" not in event]

    cafe.refresh_from_db()
    cafe.starts_at += timedelta(hours=1)
    cafe.ends_at += timedelta(hours=1)
    cafe.save_revision().publish()
    (moved,) = [event for event in events(feed(client)) if "RECURRENCE-ID" not in event]

    cafe.refresh_from_db()
    # As the editor does: take the cancelled date out of the inline list and publish.
    cafe.occurrence_exceptions = [e for e in cafe.occurrence_exceptions.all() if e.action != ExceptionAction.CANCELLED]
    cafe.save_revision().publish()
    (restored,) = [event for event in events(feed(client)) if "RECURRENCE-ID" not in event]

    assert first["UID"] == renamed["UID"] == moved["UID"] == restored["UID"]
    assert (first["SEQUENCE"], renamed["SEQUENCE"], moved["SEQUENCE"]) == (0, 0, 1)
    assert restored["SEQUENCE"] == 2
    assert not [event for event in events(feed(client)) if event.get("STATUS") == "CANCELLED"]


def test_dtstamp_is_when_the_activity_was_last_published_so_the_feed_is_stable(client, calendar):
    cafe = weekly_cafe(calendar)
    cafe.save_revision().publish()
    cafe.refresh_from_db()

    first = client.get("/da/aktiviteter/ical/").content
    second = client.get("/da/aktiviteter/ical/").content

    assert first == second
    (master,) = [event for event in events(Calendar.from_ical(first)) if "RECURRENCE-ID" not in event]
    assert cafe.last_published_at.replace(microsecond=0) == master.DTSTAMP


def test_a_filtered_feed_carries_only_the_matching_activities_and_is_named_after_the_filter(client, calendar):
    north = make_area(name="Nordparken", slug="nordparken")
    make_activity(
        calendar,
        title="Legestue",
        starts_at=local(2027, 2, 3, 10),
        target_groups=groups(TargetGroupCode.CHILDREN),
        areas=[north],
    )
    make_activity(
        calendar,
        title="Seniorgymnastik",
        starts_at=local(2027, 2, 4, 10),
        target_groups=groups(TargetGroupCode.ELDERLY),
    )

    parsed = feed(client, {"maalgruppe": "boern", "omraade": "nordparken"})

    assert [event["SUMMARY"] for event in events(parsed)] == ["Legestue"]
    assert parsed["X-WR-CALNAME"] == "Aktiviteter – Nordparken – Børn"


def test_a_feed_with_an_unknown_filter_value_is_a_404_that_says_why(client, calendar):
    response = client.get("/da/aktiviteter/ical/", {"tema": "hunde"})

    assert response.status_code == 404
    assert "Vi kender ikke temaet “hunde”." in response.content.decode()


def test_each_activity_downloads_as_an_ics_file_with_just_that_activity(client, calendar):
    cafe = weekly_cafe(calendar)
    make_activity(calendar, title="Noget andet", starts_at=local(2027, 3, 17, 10))

    response = client.get(f"{cafe.url}ical/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{cafe.slug}.ics"'
    parsed = Calendar.from_ical(response.content)
    assert {event["UID"] for event in events(parsed)} == {cafe.ical_uid}
    assert parsed.walk("VTIMEZONE")


def test_meetings_from_safety_walks_are_in_the_feed_with_their_own_uid(client, calendar):
    meeting = CalendarEntry(
        uid="thememeeting-7@boligsocial",
        title="Temamøde om lys på stierne",
        start=local(2027, 2, 10, 19),
        end=None,
        url="/tryghed/temamoede-7/",
        kind="theme_meeting",
    )
    with hooks.register_temporarily(CALENDAR_HOOK, lambda *, start, end, area_slugs: [meeting]):
        (event,) = events(feed(client))

    assert event["UID"] == "thememeeting-7@boligsocial"
    assert event["URL"] == "http://testserver/tryghed/temamoede-7/"
    assert event.start == local(2027, 2, 10, 19)
    assert event.end == local(2027, 2, 10, 21)


def as_aware(value):
    return local_midnight(value) if not isinstance(value, datetime) else value


def test_a_real_client_library_expands_the_feed_to_exactly_the_occurrences_the_calendar_shows(client, calendar):
    weekly_cafe(calendar)
    make_activity(
        calendar,
        title="Ungdomsklubben møder de ældre",
        starts_at=local(2027, 1, 14, 14),
        ends_at=local(2027, 1, 14, 16),
        recurrence=Recurrence.MONTHLY_WEEKDAY,
        recurrence_until=date(2027, 6, 30),
    )
    make_activity(
        calendar,
        title="Fællesspisning",
        starts_at=local(2027, 3, 3, 17, 30),
        ends_at=local(2027, 3, 3, 19, 30),
        recurrence=Recurrence.EVERY_OTHER_WEEK,
        recurrence_until=date(2027, 5, 1),
        status=ActivityStatus.CANCELLED,
    )
    make_activity(
        calendar, title="Loppemarked", starts_at=local(2027, 3, 27, 9), ends_at=local(2027, 3, 28, 9), all_day=True
    )
    make_activity(calendar, title="Fest", starts_at=local(2027, 3, 27, 20), ends_at=local(2027, 3, 28, 2))
    meeting = CalendarEntry(
        uid="followup-3@boligsocial",
        title="Opfølgningsmøde",
        start=local(2027, 4, 7, 17),
        end=local(2027, 4, 7, 19),
        url="/x/",
    )
    window = (local(2027, 3, 1), local(2027, 5, 1))

    with hooks.register_temporarily(CALENDAR_HOOK, lambda *, start, end, area_slugs: [meeting]):
        parsed = feed(client)
        shown = calendar_occurrences(calendar.activities(), Window(*window))

    expanded = recurring_ical_events.of(parsed).between(*window)
    from_client = sorted(
        (str(event["UID"]), as_aware(event.start), as_aware(event.end), str(event.get("STATUS", "")))
        for event in expanded
    )
    # A cancelled single occurrence stays, marked cancelled, as on the page.
    on_the_page = sorted((o.uid, o.start, o.end, "CANCELLED" if o.cancelled else "CONFIRMED") for o in shown)
    assert from_client == on_the_page
    assert len(from_client) == 15  # café 5, monthly 2, cancelled dinners 5, flea market, party, meeting


def test_a_subscribed_feed_shows_a_newly_published_or_cancelled_activity_at_once(client):
    calendar = make_calendar()
    make_activity(calendar, title="Lektiecafé")
    assert "Lektiecafé" in client.get("/da/aktiviteter/ical/").content.decode()

    party = make_activity(calendar, title="Sommerfest")
    assert "Sommerfest" in client.get("/da/aktiviteter/ical/").content.decode()

    party.unpublish()
    assert "Sommerfest" not in client.get("/da/aktiviteter/ical/").content.decode()


@pytest.mark.parametrize("count", [20, 300])
def test_building_the_feed_costs_the_same_few_queries_for_20_or_300_activities(
    client, calendar, count, django_assert_max_num_queries
):
    bulk_activities(calendar, count, first_day=date(2027, 3, 1))
    client.get("/da/aktiviteter/ical/")
    cache.clear()  # built again, not served from the feed's cache

    with django_assert_max_num_queries(24):
        response = client.get("/da/aktiviteter/ical/")

    assert response.content.count(b"BEGIN:VEVENT") == count
