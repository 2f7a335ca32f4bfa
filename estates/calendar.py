"""Calendar entries that other apps contribute to the activity calendar (theme and follow-up meetings).

The community app owns the calendar; it must not depend on the other apps. An app that has public
dated events registers a function with the `boligsocial_calendar_entries` hook:

    @hooks.register(CALENDAR_HOOK)
    def meetings(*, start: datetime, end: datetime, area_slugs: list[str] | None) -> list[CalendarEntry]

returning the public entries that begin in [start, end) (aware datetimes), optionally limited to
housing areas by slug. It must cost a bounded number of queries, whatever the number of entries.
"""

from dataclasses import dataclass, field
from datetime import datetime

from wagtail import hooks

CALENDAR_HOOK = "boligsocial_calendar_entries"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable and globally unique, e.g. "thememeeting-12@boligsocial"; used as the iCalendar UID
    title: str
    start: datetime
    end: datetime | None
    url: str  # the public page that explains it
    place: str = ""
    description: str = ""
    kind: str = ""  # "theme_meeting" | "follow_up_meeting"
    area_slugs: tuple[str, ...] = field(default_factory=tuple)
    # When its public details last changed (iCalendar DTSTAMP/LAST-MODIFIED), from the data, never "now":
    # a feed that changes on every request looks changed to every subscriber.
    last_modified: datetime | None = None
    all_day: bool = False  # then only start's local date counts (iCalendar VALUE=DATE); end is None
    sequence: int = 0  # iCalendar SEQUENCE: rises when the entry's time becomes or gets more definite


def calendar_entries(*, start: datetime, end: datetime, area_slugs: list[str] | None = None) -> list[CalendarEntry]:
    entries = []
    for fn in hooks.get_hooks(CALENDAR_HOOK):
        entries.extend(fn(start=start, end=end, area_slugs=area_slugs))
    return sorted(entries, key=lambda entry: entry.start)
