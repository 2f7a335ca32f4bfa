"""The calendar's occurrences: activities expanded, plus the meetings other apps put in the calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from community.recurrence import Occurrence, Window, expand, sort_occurrences
from estates.calendar import calendar_entries

# A meeting announced without an end is shown (and exported) as lasting this long.
DEFAULT_MEETING_LENGTH = timedelta(hours=2)


def entry_end(entry) -> datetime:
    if entry.all_day:  # the whole day (its start is local midnight), not a two-hour meeting at 00:00
        return entry.start + timedelta(days=1)
    return entry.end if entry.end is not None and entry.end > entry.start else entry.start + DEFAULT_MEETING_LENGTH


def entry_occurrence(entry) -> Occurrence:
    return Occurrence(
        uid=entry.uid,
        title=entry.title,
        start=entry.start,
        end=entry_end(entry),
        all_day=entry.all_day,
        kind=entry.kind or "meeting",
        place=entry.place,
        note=entry.description,
        entry=entry,
    )


def meetings(window: Window, *, filters=None) -> list:
    """Calendar entries (theme and follow-up meetings) in the window that the filters let through."""
    if filters is not None and not filters.includes_meetings:
        return []
    area_slugs = filters.area_slugs if filters is not None else None
    return [
        entry
        for entry in calendar_entries(start=window.start, end=window.end, area_slugs=area_slugs)
        if window.overlaps(entry.start, entry_end(entry))
    ]


def calendar_occurrences(activities, window: Window, *, filters=None) -> list[Occurrence]:
    """Every occurrence overlapping the window in time order; cancelled ones are included and flagged.

    `activities` is an ActivityPage queryset (a calendar's `activities()`, or every published one);
    the filters narrow it and the meetings other apps put in the calendar.
    """
    if filters is not None:
        activities = filters.apply(activities)
    found = expand(activities.overlapping(window).for_lists().with_schedules(), start=window.start, end=window.end)
    found.extend(entry_occurrence(entry) for entry in meetings(window, filters=filters))
    return sort_occurrences(found)
