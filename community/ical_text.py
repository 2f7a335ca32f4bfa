"""Writing iCalendar (RFC 5545) text directly: value formats, escaping and line folding.

The feeds write their lines themselves instead of building an `icalendar` object per property: a feed of
thousands of events is mostly that work (icalendar folds by walking every character). What is written here
is checked by parsing it back with `icalendar` and expanding it with `recurring_ical_events`
(tests/community/test_ical_conformance.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
MAX_OCTETS = 75  # per line, without the CRLF (RFC 5545, 3.1)

# TEXT (3.3.11): backslash, semicolon, comma and newline are escaped; other control characters are not
# allowed at all (tab is).
_TEXT = {ord("\\"): "\\\\", ord(";"): "\\;", ord(","): "\\,", ord("\n"): "\\n"}
_TEXT.update({code: None for code in (*range(0, 9), *range(11, 32), 127)})
_TEXT_TABLE = str.maketrans(_TEXT)
# A parameter value (3.2) may not hold a double quote or control characters; it is quoted when it holds
# ':', ';' or ','.
_PARAM_TABLE = str.maketrans({**{code: " " for code in (*range(0, 9), *range(10, 32), 127)}, ord('"'): "'"})


def text(value: str) -> str:
    """A TEXT value, escaped."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.translate(_TEXT_TABLE)


def param(value: str) -> str:
    """A parameter value: what RFC 5545 cannot carry made harmless, quoted where it must be."""
    value = value.translate(_PARAM_TABLE)
    if any(char in value for char in ":;,"):
        return f'"{value}"'
    return value


def fold(line: str) -> str:
    """The content line folded into lines of at most 75 octets, never inside a UTF-8 character."""
    if len(line) <= MAX_OCTETS and line.isascii():
        return line
    data = line.encode()
    if len(data) <= MAX_OCTETS:
        return line
    parts = []
    start, limit = 0, MAX_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, MAX_OCTETS - 1  # a folded line begins with one space
    parts.append(data[start:].decode())
    return "\r\n ".join(parts)


def utc(value: datetime) -> str:
    """A DATE-TIME in UTC form (`...Z`), to the second."""
    value = value.astimezone(UTC)
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


def floating(value: datetime) -> str:
    """A DATE-TIME's wall-clock digits (with a TZID parameter, a local time), to the second."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


def day(value: date) -> str:
    """A DATE value."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def duration(value: timedelta) -> str:
    """A DURATION value (3.3.6), e.g. PT6H, P1D, -PT15M."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    if not days and not clock:
        return "PT0S"
    return f"{sign}P{f'{days}D' if days else ''}{f'T{clock}' if clock else ''}"


def utc_offset(value: timedelta) -> str:
    """A UTC-OFFSET value (3.3.14), e.g. +0100, -0230."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}{f'{seconds:02d}' if seconds else ''}"


def line(name: str, value: str) -> str:
    """One content line, folded; `name` may carry its parameters (`DTSTART;TZID=Europe/Copenhagen`)."""
    return fold(f"{name}:{value}")


def document(lines) -> bytes:
    """The lines as an iCalendar object's bytes: UTF-8, each line ended by CRLF."""
    return (CRLF.join(lines) + CRLF).encode()
