"""Conformance: what a calendar client computes from the feeds is what the pages say, by RFC 5545.

The feed is parsed with the `icalendar` library and expanded by a second, independent implementation
(`recurring_ical_events`, on dateutil), instance by instance, and compared with the occurrences the
calendar pages and the API show. Its structure is checked as libical checks it.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.test import override_settings
from icalendar import Calendar
from wagtail.models import Page, Site

from community.choices import ActivityStatus, ExceptionAction, Recurrence
from community.occurrences import calendar_occurrences
from community.recurrence import Window, local_midnight
from tests.community.builders import local, make_activity, make_calendar
from tests.safety_walks.builders import make_planned_follow_up_meeting, make_planned_walk, make_theme_meeting

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
FEED = "/da/aktiviteter/ical/"


def raw(client, path=FEED, **extra) -> bytes:
    response = client.get(path, **extra)
    assert response.status_code == 200, response.content
    return response.content


def content_lines(body: bytes) -> list[str]:
    """The unfolded content lines."""
    return body.decode().replace("\r\n ", "").removesuffix("\r\n").split("\r\n")


def unescape(value: str) -> str:
    """RFC 5545 3.3.11 TEXT, read back."""
    return re.sub(r"\\([\\;,nN])", lambda match: "\n" if match[1] in "nN" else match[1], str(value))


def exact(value) -> datetime:
    """An instant in UTC: aware datetimes of one zone compare (and subtract) by wall clock in Python, and a
    skipped local time such as 02:30 on the spring night is the same instant as 03:30."""
    return (value if isinstance(value, datetime) else local_midnight(value)).astimezone(UTC)


def from_client(body: bytes, window) -> list[tuple]:
    expanded = recurring_ical_events.of(Calendar.from_ical(body)).between(*window)
    return sorted(
        (str(event["UID"]), exact(event.start), exact(event.end), str(event.get("STATUS", "CONFIRMED")))
        for event in expanded
    )


def on_the_page(calendar, window) -> list[tuple]:
    found = calendar_occurrences(calendar.activities(), Window(*window))
    return sorted((o.uid, exact(o.start), exact(o.end), "CANCELLED" if o.cancelled else "CONFIRMED") for o in found)


def instance(body: bytes, uid: str, on: date):
    window = (local_midnight(on), local_midnight(on + timedelta(days=1)))
    (found,) = [e for e in recurring_ical_events.of(Calendar.from_ical(body)).between(*window) if e["UID"] == uid]
    return found


# --- structure, as libical reads it ----------------------------------------------------------------


def test_the_feed_is_well_formed_crlf_lines_of_at_most_75_octets_with_the_required_properties(client, calendar):
    make_activity(calendar, title="Lektiecafé, spil; kage " * 8, starts_at=local(2027, 2, 3, 17))
    make_activity(
        calendar,
        title="Strikkeklub",
        starts_at=local(2027, 1, 5, 10),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 12, 31),
    )

    body = raw(client)

    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(physical) <= 75 for physical in body.split(b"\r\n"))
    lines = content_lines(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "CALSCALE:GREGORIAN" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines
    depth = 0
    for content in lines:
        depth += content.startswith("BEGIN:") - content.startswith("END:")
        assert depth >= 0
    assert depth == 0
    for event in Calendar.from_ical(body).walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event
        assert event.end > event.start


def test_the_time_zone_starts_summer_time_at_two_and_ends_it_at_three_by_yearly_rules_without_comment(client, calendar):
    make_activity(calendar, starts_at=local(2027, 2, 3, 17))

    (zone,) = Calendar.from_ical(raw(client)).walk("VTIMEZONE")

    assert zone["TZID"] == "Europe/Copenhagen"
    (summer,) = zone.walk("DAYLIGHT")
    (winter,) = zone.walk("STANDARD")
    assert (summer.DTSTART.month, summer.DTSTART.time()) == (3, time(2))
    assert (winter.DTSTART.month, winter.DTSTART.time()) == (10, time(3))
    assert summer["RRULE"]["BYDAY"] == ["-1SU"] and winter["RRULE"]["BYDAY"] == ["-1SU"]
    assert not [component for component in zone.walk() if "COMMENT" in component]
    # Read on its own (not looked up by name), it gives the tz database's offset at every hour.
    from_feed = zone.to_tz(lookup_tzid=False)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment.year < 2029:
        assert moment.astimezone(from_feed).utcoffset() == moment.astimezone(COPENHAGEN).utcoffset(), moment
        moment += timedelta(hours=1)


def test_the_calendar_name_is_escaped_and_reads_back_unchanged(client, home_page):
    title = "Aktiviteter; unge, ældre \\ alle"
    make_calendar(parent=home_page, title=title)

    body = raw(client)

    lines = content_lines(body)
    escaped = "Aktiviteter\\; unge\\, ældre \\\\ alle"
    assert f"NAME:{escaped}" in lines and f"X-WR-CALNAME:{escaped}" in lines
    parsed = Calendar.from_ical(body)  # icalendar leaves these two (to it unknown) properties as written
    assert unescape(parsed["NAME"]) == unescape(parsed["X-WR-CALNAME"]) == title


# --- every instance as the page shows it --------------------------------------------------------


def test_a_weekly_0230_activity_is_0330_to_0430_on_the_spring_night_for_the_client_as_on_the_page(client, calendar):
    night_cafe = make_activity(
        calendar,
        title="Natcafé",
        starts_at=local(2027, 3, 21, 2, 30),
        ends_at=local(2027, 3, 21, 3, 30),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 4),
    )
    window = (local(2027, 3, 20), local(2027, 4, 6))

    body = raw(client)

    expected = [
        (night_cafe.ical_uid, exact(local(2027, 3, 21, 2, 30)), exact(local(2027, 3, 21, 3, 30)), "CONFIRMED"),
        # 02:30 does not exist that night: RFC 5545 3.3.5 reads it with the offset before the gap.
        (night_cafe.ical_uid, exact(local(2027, 3, 28, 3, 30)), exact(local(2027, 3, 28, 4, 30)), "CONFIRMED"),
        (night_cafe.ical_uid, exact(local(2027, 4, 4, 2, 30)), exact(local(2027, 4, 4, 3, 30)), "CONFIRMED"),
    ]
    assert [(start.astimezone(COPENHAGEN).time(), end - start) for _uid, start, end, _status in expected][1] == (
        time(3, 30),
        timedelta(hours=1),
    )
    assert from_client(body, window) == expected
    assert on_the_page(calendar, window) == expected


def test_each_instance_lasts_exactly_as_long_as_the_first_across_both_changes(client, calendar):
    spring = make_activity(
        calendar,
        title="Nattevagt forår",
        starts_at=local(2027, 3, 21, 1),
        ends_at=local(2027, 3, 21, 4),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 3, 28),
    )
    autumn = make_activity(
        calendar,
        title="Nattevagt efterår",
        starts_at=local(2027, 10, 24, 1),
        ends_at=local(2027, 10, 24, 4),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 10, 31),
    )
    body = raw(client)

    spring_night = instance(body, spring.ical_uid, date(2027, 3, 28))
    autumn_night = instance(body, autumn.ical_uid, date(2027, 10, 31))

    assert (spring_night.start.astimezone(COPENHAGEN).hour, spring_night.end.astimezone(COPENHAGEN).hour) == (1, 5)
    assert (autumn_night.start.astimezone(COPENHAGEN).hour, autumn_night.end.astimezone(COPENHAGEN).hour) == (1, 3)
    for event in (spring_night, autumn_night):
        assert exact(event.end) - exact(event.start) == timedelta(hours=3)
    for window in ((local(2027, 3, 20), local(2027, 4, 1)), (local(2027, 10, 20), local(2027, 11, 2))):
        assert from_client(body, window) == on_the_page(calendar, window)


def test_a_year_of_mixed_activities_expands_for_the_client_exactly_as_the_pages_show_it(client, calendar):
    for hour, minute in ((2, 30), (1, 0), (17, 0), (23, 30)):
        make_activity(
            calendar,
            starts_at=local(2027, 1, 3, hour, minute),
            ends_at=local(2027, 1, 3, hour, minute) + timedelta(hours=2),
            recurrence=Recurrence.WEEKLY,
            recurrence_until=date(2027, 12, 31),
        )
    make_activity(
        calendar,
        starts_at=local(2027, 1, 14, 14),
        recurrence=Recurrence.MONTHLY_WEEKDAY,
        recurrence_until=date(2027, 12, 31),
        exceptions=[
            {"occurrence_date": date(2027, 3, 11), "action": ExceptionAction.CANCELLED, "note": "Lokalet er lukket"},
            {
                "occurrence_date": date(2027, 10, 14),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2027, 10, 31, 2, 15),
            },
        ],
    )
    make_activity(
        calendar,
        starts_at=local(2027, 3, 6, 10),
        recurrence=Recurrence.EVERY_OTHER_WEEK,
        recurrence_until=date(2027, 11, 30),
        status=ActivityStatus.CANCELLED,
    )
    make_activity(
        calendar,
        starts_at=local(2027, 3, 27, 9),
        ends_at=local(2027, 3, 29, 9),
        all_day=True,
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 11, 1),
    )
    window = (local(2027, 1, 1), local(2028, 1, 1))

    client_sees = from_client(raw(client), window)

    assert client_sees == on_the_page(calendar, window)
    assert len(client_sees) > 250


def test_a_cancelled_occurrence_reaches_the_client_with_the_reason_the_page_gives(client, calendar):
    cafe = make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 16, 17),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 13),
        exceptions=[{"occurrence_date": date(2027, 3, 23), "action": ExceptionAction.CANCELLED, "note": "Influenza"}],
    )

    cancelled = instance(raw(client), cafe.ical_uid, date(2027, 3, 23))

    (shown,) = [
        o for o in calendar_occurrences(calendar.activities(), Window.of_days(date(2027, 3, 23), date(2027, 3, 23)))
    ]
    assert shown.cancelled and shown.note == "Influenza"
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SUMMARY"] == "Aflyst: Lektiecafé"
    assert cancelled["DESCRIPTION"].startswith("Influenza")
    assert (exact(cancelled.start), exact(cancelled.end)) == (exact(shown.start), exact(shown.end))


def test_an_all_day_activity_and_meeting_are_dates_for_the_client_as_on_the_page(client, calendar):
    make_activity(
        calendar, title="Loppemarked", starts_at=local(2027, 6, 18, 9), ends_at=local(2027, 6, 19, 9), all_day=True
    )
    walk = make_planned_walk(days_ahead=20)
    meeting = make_planned_follow_up_meeting(walk, planned_on=walk.follow_up_date, starts_at=None, ends_at=None)

    body = raw(client)

    lines = content_lines(body)
    assert "DTSTART;VALUE=DATE:20270618" in lines and "DTEND;VALUE=DATE:20270620" in lines
    day = meeting.planned_on
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in lines
    assert f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}" in lines
    (followup,) = [e for e in Calendar.from_ical(body).walk("VEVENT") if e["UID"] == f"followup-{walk.pk}@boligsocial"]
    assert (followup.start, followup.end) == (day, day + timedelta(days=1))
    window = Window.of_days(day, day)
    (shown,) = [o for o in calendar_occurrences(calendar.activities(), window) if o.kind == "follow_up_meeting"]
    assert shown.all_day
    assert (exact(shown.start), exact(shown.end)) == (exact(day), exact(day + timedelta(days=1)))


# --- stable and linked ---------------------------------------------------------------------------


def test_meetings_keep_their_stamps_and_sequence_between_requests(client, calendar, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    walk = make_planned_walk(days_ahead=20)
    make_theme_meeting(walks=[walk], starts_at=local_midnight(walk.follow_up_date) + timedelta(hours=19))
    make_planned_follow_up_meeting(walk)
    make_activity(calendar, starts_at=local(2027, 2, 3, 17))

    first = raw(client)
    cache.clear()
    second = raw(client)

    assert first == second
    events = {str(e["UID"]).split("-")[0]: e for e in Calendar.from_ical(first).walk("VEVENT")}
    walk.refresh_from_db()
    assert walk.last_published_at.replace(microsecond=0) == events["walk"].DTSTAMP
    assert events["walk"]["LAST-MODIFIED"].dt == walk.last_published_at.replace(microsecond=0)
    assert events["followup"]["SEQUENCE"] == 2  # its day and time are planned
    assert "LAST-MODIFIED" not in events["thememeeting"]  # it records no time of change: none is invented


def test_links_name_the_address_the_client_used_not_the_wagtail_site_record(client, calendar):
    cafe = make_activity(calendar, title="Lektiecafé", starts_at=local(2027, 2, 3, 17))
    walk = make_planned_walk(days_ahead=20)
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    # With a second Site Wagtail names every page by its Site record's address, http://localhost/...
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Andet", slug="andet"))
    Site.objects.create(hostname="andet.example", port=80, root_page=other_root)
    assert walk.url.startswith("http://localhost/")

    body = raw(client, HTTP_HOST="beboer.example")

    parsed = Calendar.from_ical(body)
    urls = {str(e["UID"]).split("-")[0]: str(e["URL"]) for e in parsed.walk("VEVENT")}
    assert urls["activity"] == f"http://beboer.example{cafe.url.removeprefix('http://localhost')}"
    assert urls["walk"].startswith("http://beboer.example/") and "localhost" not in body.decode()
    assert str(parsed["URL"]) == "http://beboer.example/da/aktiviteter/"

    with override_settings(WAGTAILADMIN_BASE_URL="https://beboer.example"):
        download = raw(client, f"{cafe.url.removeprefix('http://localhost')}ical/", HTTP_HOST="beboer.example")
    (event,) = Calendar.from_ical(download).walk("VEVENT")
    assert str(event["URL"]).startswith("https://beboer.example/da/aktiviteter/")


def test_the_occurrences_api_links_name_the_address_the_client_used(client, calendar):
    make_activity(calendar, title="Lektiecafé", starts_at=local(2027, 2, 3, 17))
    make_planned_walk(days_ahead=20)
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Andet", slug="andet"))
    Site.objects.create(hostname="andet.example", port=80, root_page=other_root)

    response = client.get(
        "/api/v2/occurrences/", {"start": "2027-02-01", "end": "2027-02-28"}, HTTP_HOST="beboer.example"
    )

    assert response.status_code == 200
    addresses = re.findall(r'"(https?://[^"]*)"', response.content.decode())
    assert addresses
    assert all(address.startswith("http://beboer.example/") for address in addresses), addresses
