"""The VTIMEZONE of the calendar's time zone, derived from the system's tz database (zoneinfo).

Each observance starts at its transition's local time before the change (in Copenhagen summer time
begins at 02:00 and ends at 03:00) and repeats by a yearly RRULE when every year of the span follows the
same rule (the last Sunday of March, ...); otherwise each transition is listed. No COMMENT (libical
refuses it inside a VTIMEZONE) and nothing else that depends on when it was written.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from community.ical_text import floating, line, utc, utc_offset

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    at: datetime  # the instant, in UTC
    offset_from: timedelta
    offset_to: timedelta
    is_daylight: bool  # the observance it starts is summer time
    name: str

    @property
    def local_start(self) -> datetime:
        """Wall-clock time of the change, read in the offset before it (RFC 5545's DTSTART of an observance)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def rule(self) -> tuple:
        """What must be the same every year to write the transition as one yearly RRULE."""
        start = self.local_start
        last_day = calendar.monthrange(start.year, start.month)[1]
        nth = -1 if start.day + 7 > last_day else (start.day - 1) // 7 + 1
        return (start.month, nth, start.weekday(), start.time(), self.offset_from, self.offset_to, self.name)


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset()


def _transition_between(zone: ZoneInfo, before: datetime, after: datetime) -> Transition:
    """The change of offset between two UTC instants a day apart, found to the minute."""
    low, high = before, after
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle <= low:
            break
        if _offset(zone, middle) == _offset(zone, low):
            low = middle
        else:
            high = middle
    local = high.astimezone(zone)
    return Transition(
        at=high,
        offset_from=_offset(zone, low),
        offset_to=local.utcoffset(),
        is_daylight=bool(local.dst()),
        name=local.tzname() or "",
    )


@lru_cache(maxsize=64)
def transitions(key: str, year: int) -> tuple[Transition, ...]:
    """The offset changes of the zone in one (UTC) year."""
    zone = ZoneInfo(key)
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    offset = _offset(zone, moment)
    while moment.year == year:
        following = moment + timedelta(days=1)
        following_offset = _offset(zone, following)
        if following_offset != offset:
            found.append(_transition_between(zone, moment, following))
        moment, offset = following, following_offset
    return tuple(found)


def _observance(kind: str, items: list[Transition], *, ongoing: bool) -> list[str]:
    first = items[0]
    lines = [
        f"BEGIN:{kind}",
        line("DTSTART", floating(first.local_start)),
        line("TZOFFSETFROM", utc_offset(first.offset_from)),
        line("TZOFFSETTO", utc_offset(first.offset_to)),
    ]
    if first.name:
        lines.append(line("TZNAME", first.name))
    if len(items) > 1 and len({item.rule for item in items}) == 1:
        month, nth, weekday, *_ = first.rule
        until = "" if ongoing else f";UNTIL={utc(items[-1].at)}"  # the rule stopped within the span
        lines.append(line("RRULE", f"FREQ=YEARLY;BYMONTH={month};BYDAY={nth}{WEEKDAYS[weekday]}{until}"))
    elif len(items) > 1:
        lines.extend(line("RDATE", floating(item.local_start)) for item in items[1:])
    lines.append(f"END:{kind}")
    return lines


@lru_cache(maxsize=64)
def vtimezone(key: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """The VTIMEZONE lines for the zone, covering every time from `first_year` through `last_year`."""
    found = [item for year in range(first_year - 1, last_year + 1) for item in transitions(key, year)]
    lines = ["BEGIN:VTIMEZONE", line("TZID", key)]
    if not found:
        offset = _offset(ZoneInfo(key), datetime(first_year, 1, 1, tzinfo=UTC))
        name = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(ZoneInfo(key)).tzname() or ""
        lines += [
            "BEGIN:STANDARD",
            line("DTSTART", "19700101T000000"),
            line("TZOFFSETFROM", utc_offset(offset)),
            line("TZOFFSETTO", utc_offset(offset)),
            *([line("TZNAME", name)] if name else []),
            "END:STANDARD",
        ]
    else:
        for kind, daylight in (("DAYLIGHT", True), ("STANDARD", False)):
            items = [item for item in found if item.is_daylight == daylight]
            # Observances that change their rule (offset, name) part way are written as separate ones.
            groups: list[list[Transition]] = []
            for item in items:
                if groups and groups[-1][0].offset_to == item.offset_to and groups[-1][0].name == item.name:
                    groups[-1].append(item)
                else:
                    groups.append([item])
            for number, group in enumerate(groups, start=1):
                ongoing = number == len(groups) and group[-1].at.year >= last_year
                lines += _observance(kind, group, ongoing=ongoing)
    lines.append("END:VTIMEZONE")
    return tuple(lines)
