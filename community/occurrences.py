"""The calendar's occurrences: activities expanded, plus the meetings other apps put in the calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from community import selectors
from community.recurrence import Occurrence, expand, overlaps, sort_occurrences
from estates.calendar import calendar_entries

# A meeting announced without an end is shown (and exported) as lasting this long.
DEFAULT_MEETING_LENGTH = timedelta(hours=2)


def entry_end(entry) -> datetime:
    return entry.end if entry.end is not None and entry.end > entry.start else entry.start + DEFAULT_MEETING_LENGTH


def entry_occurrence(entry) -> Occurrence:
    return Occurrence(
        uid=entry.uid,
        title=entry.title,
        start=entry.start,
        end=entry_end(entry),
        kind=entry.kind or "meeting",
        place=entry.place,
        note=entry.description,
        entry=entry,
    )


def meetings(*, start: datetime, end: datetime, filters) -> list:
    """Calendar entries (theme and follow-up meetings) that the filters let through."""
    if filters is not None and not filters.includes_meetings:
        return []
    area_slugs = filters.area_slugs if filters is not None else None
    return [
        entry
        for entry in calendar_entries(start=start, end=end, area_slugs=area_slugs)
        if overlaps(entry.start, entry_end(entry), start, end)
    ]


def calendar_occurrences(*, start: datetime, end: datetime, calendar=None, filters=None) -> list[Occurrence]:
    """Every occurrence overlapping [start, end) in time order; cancelled ones are included and flagged."""
    activities = selectors.activities_overlapping(start=start, end=end, calendar=calendar, filters=filters)
    found = expand(activities, start=start, end=end)
    found.extend(entry_occurrence(entry) for entry in meetings(start=start, end=end, filters=filters))
    return sort_occurrences(found)
