"""The iCalendar writer's pieces: escaping, folding and value formats, read back by the `icalendar` parser."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar, Event
from icalendar.prop import vDuration

from community.ical_text import document, duration, fold, line, param, text, utc, utc_offset


def parse_event(*lines: str) -> Event:
    calendar = Calendar.from_ical(
        document(
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//DA", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"]
        )
    )
    return calendar.walk("VEVENT")[0]


@pytest.mark.parametrize(
    "value",
    [
        "Lektiecafé, spil; og kage",
        "Sti: C:\\Beboerhus\\sal 2",
        "Første linje\nAnden linje\r\nTredje\rFjerde",
        "Ærø – Øresund – Åbenrå " * 12,
        "emoji 🎉 " * 30,
    ],
)
def test_a_text_value_comes_back_exactly_as_written_through_an_independent_parser(value):
    event = parse_event(line("SUMMARY", text(value)))

    assert str(event["SUMMARY"]) == value.replace("\r\n", "\n").replace("\r", "\n")


def test_text_escapes_what_rfc_5545_says_and_drops_control_characters():
    assert text('a,b;c\\d\ne\tf"g\x00h\x1bi') == 'a\\,b\\;c\\\\d\\ne\tf"ghi'


def test_every_folded_line_is_at_most_75_octets_and_no_character_is_split():
    value = "Ærø 🎉 " * 60
    folded = line("DESCRIPTION", text(value))

    physical = folded.encode().split(b"\r\n")
    assert len(physical) > 3
    assert all(len(part) <= 75 for part in physical)
    assert all(part.startswith(b" ") for part in physical[1:])
    for part in physical:
        part.decode()  # raises if a UTF-8 sequence were cut
    assert folded.replace("\r\n ", "") == f"DESCRIPTION:{text(value)}"


def test_a_short_line_is_not_folded():
    assert fold("SUMMARY:Banko") == "SUMMARY:Banko"
    exactly = "X" * 75
    assert fold(exactly) == exactly
    assert fold("X" * 76) == "X" * 75 + "\r\n X"


def test_a_parameter_value_is_quoted_when_it_holds_a_separator_and_never_carries_a_quote():
    assert param("Ungdomsklubben") == "Ungdomsklubben"
    assert param('Hansen, "Bo"; leder') == "\"Hansen, 'Bo'; leder\""
    organizer = parse_event(line(f"ORGANIZER;CN={param('Hansen, Bo: leder')}", "mailto:bo@example.org"))["ORGANIZER"]
    assert organizer.params["CN"] == "Hansen, Bo: leder"


@pytest.mark.parametrize(
    "value",
    [timedelta(hours=6), timedelta(days=1), timedelta(days=1, hours=2, minutes=5, seconds=3), -timedelta(minutes=15)],
)
def test_a_duration_reads_back_as_the_same_time_span(value):
    assert duration(value).lstrip("-")[0] == "P"
    assert vDuration.from_ical(duration(value)) == value


def test_utc_and_offsets_are_written_as_rfc_5545_wants():
    assert utc(datetime(2027, 3, 28, 1, 30, tzinfo=UTC)) == "20270328T013000Z"
    assert utc_offset(timedelta(hours=2)) == "+0200"
    assert utc_offset(-timedelta(hours=3, minutes=30)) == "-0330"


def test_a_document_ends_every_line_with_crlf():
    assert document(["BEGIN:VCALENDAR", "END:VCALENDAR"]) == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
