"""Expand activities into dated occurrences: the one place that knows how an activity repeats.

Pure Python over already-loaded activities (with their occurrence exceptions prefetched), so the
caller decides the queries. Repetition happens in local wall-clock time (Europe/Copenhagen): a
homework café at 17:00 stays at 17:00 across the daylight-saving change, exactly as an iCalendar
client expands an RRULE with a TZID.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil import rrule

from community.choices import ActivityStatus, ExceptionAction, Recurrence
from community.conf import CALENDAR_TIME_ZONE

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Occurrence:
    """One dated happening of an activity, or of a meeting another app put in the calendar."""

    uid: str
    title: str
    start: datetime  # aware; for an all-day occurrence, local midnight of its first day
    end: datetime  # aware and exclusive; for an all-day occurrence, local midnight after its last day
    all_day: bool = False
    cancelled: bool = False
    moved_from: datetime | None = None  # the original start of a moved occurrence
    recurrence_id: datetime | None = None  # the scheduled start of one occurrence of a repeating activity
    note: str = ""
    kind: str = "activity"  # "activity", "theme_meeting", "follow_up_meeting"
    place: str = ""
    activity: object = None  # the ActivityPage, for activities
    entry: object = None  # the estates.calendar.CalendarEntry, for meetings

    @property
    def url(self) -> str:
        if self.activity is not None:
            return self.activity.url or ""
        return self.entry.url if self.entry is not None else ""

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(CALENDAR_TIME_ZONE)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(CALENDAR_TIME_ZONE)

    @property
    def first_day(self) -> date:
        return self.local_start.date()

    @property
    def last_day(self) -> date:
        """The last calendar day the occurrence touches (its end is exclusive)."""
        end = self.local_end
        if end.time() == time(0) and end > self.local_start:
            return (end - ONE_DAY).date()
        return end.date()

    @property
    def days(self) -> list[date]:
        first, last = self.first_day, self.last_day
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def is_multi_day(self) -> bool:
        return self.last_day > self.first_day


# --- time helpers -------------------------------------------------------------------------


def to_local(value: datetime) -> datetime:
    return value.astimezone(CALENDAR_TIME_ZONE)


def wall_clock(value: datetime) -> datetime:
    """The local wall-clock time as a naive datetime, the way rrule repeats it."""
    return to_local(value).replace(tzinfo=None)


def localize(naive: datetime) -> datetime:
    """A local wall-clock time made aware; a time skipped by the spring change lands after it."""
    return naive.replace(tzinfo=CALENDAR_TIME_ZONE)


def local_midnight(day: date) -> datetime:
    return localize(datetime.combine(day, time(0)))


def overlaps(start: datetime, end: datetime, window_start: datetime, window_end: datetime) -> bool:
    return start < window_end and end > window_start


@dataclass(frozen=True)
class Window:
    """A span of time [start, end) that a list, a month, a feed, the API or a reminder sweep asks about."""

    start: datetime
    end: datetime

    @classmethod
    def of_days(cls, first: date, last: date) -> Window:
        """Whole local days from `first` through `last`, both inclusive."""
        return cls(local_midnight(first), local_midnight(last + ONE_DAY))

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return overlaps(start, end, self.start, self.end)


# --- the schedule of one activity -----------------------------------------------------------


def is_recurring(activity) -> bool:
    return bool(activity.recurrence) and activity.recurrence != Recurrence.NONE


def first_span(activity) -> tuple[datetime, datetime]:
    """Start and (exclusive) end of the first occurrence as naive wall-clock times."""
    if activity.all_day:
        first_day = to_local(activity.starts_at).date()
        last_day = max(to_local(activity.ends_at).date(), first_day)
        return datetime.combine(first_day, time(0)), datetime.combine(last_day + ONE_DAY, time(0))
    return wall_clock(activity.starts_at), wall_clock(activity.ends_at)


def wall_duration(activity) -> timedelta:
    start, end = first_span(activity)
    return end - start


def monthly_weekday(start: datetime) -> rrule.weekday:
    """The nth weekday of the month the activity starts on; a fifth weekday means the last one."""
    nth = (start.day - 1) // 7 + 1
    weekday = rrule.weekday(start.weekday())
    return weekday(-1 if nth == 5 else nth)


def rule_for(activity) -> rrule.rrule | None:
    """The repetition rule in naive local time, or None for an activity that happens once."""
    if not is_recurring(activity) or activity.recurrence_until is None:
        return None
    dtstart, _ = first_span(activity)
    until = datetime.combine(activity.recurrence_until, time(23, 59, 59))
    if activity.recurrence == Recurrence.WEEKLY:
        return rrule.rrule(rrule.WEEKLY, dtstart=dtstart, until=until)
    if activity.recurrence == Recurrence.EVERY_OTHER_WEEK:
        return rrule.rrule(rrule.WEEKLY, interval=2, dtstart=dtstart, until=until)
    if activity.recurrence == Recurrence.MONTHLY_WEEKDAY:
        return rrule.rrule(rrule.MONTHLY, byweekday=monthly_weekday(dtstart), dtstart=dtstart, until=until)
    return None


def scheduled_start_on(activity, day: date, rule: rrule.rrule | None = None) -> datetime | None:
    """The naive local start of the occurrence scheduled on `day`, or None if there is none."""
    rule = rule if rule is not None else rule_for(activity)
    if rule is None:
        return None
    dtstart, _ = first_span(activity)
    candidate = datetime.combine(day, dtstart.time())
    return candidate if rule.between(candidate, candidate, inc=True) else None


def moved_span(activity, exception, duration: timedelta) -> tuple[datetime, datetime]:
    """The aware start and end of a moved occurrence."""
    if activity.all_day:
        first_day = to_local(exception.new_starts_at).date()
        if exception.new_ends_at:
            last_day = max(to_local(exception.new_ends_at).date(), first_day)
            return local_midnight(first_day), local_midnight(last_day + ONE_DAY)
        naive = datetime.combine(first_day, time(0))
        return localize(naive), localize(naive + duration)
    start = exception.new_starts_at
    if exception.new_ends_at:
        return start, exception.new_ends_at
    return start, localize(wall_clock(start) + duration)


def exceptions_of(activity) -> list:
    """The activity's cancelled and moved occurrences: as loaded by `load_schedules`, or from the page itself."""
    loaded = getattr(activity, "loaded_exceptions", None)
    return loaded if loaded is not None else list(activity.occurrence_exceptions.all())


def _exceptions(activity) -> dict[date, object]:
    return {exception.occurrence_date: exception for exception in exceptions_of(activity)}


def activity_occurrences(activity, *, start: datetime, end: datetime) -> list[Occurrence]:
    """The occurrences of one activity that overlap [start, end), cancelled ones included and flagged."""
    activity_cancelled = activity.status == ActivityStatus.CANCELLED
    common = {
        "uid": activity.ical_uid,
        "title": activity.title,
        "all_day": activity.all_day,
        "place": activity.place_label,
        "activity": activity,
    }
    rule = rule_for(activity)
    if rule is None:
        naive_start, naive_end = first_span(activity)
        occurrence_start, occurrence_end = localize(naive_start), localize(naive_end)
        if not overlaps(occurrence_start, occurrence_end, start, end):
            return []
        return [Occurrence(start=occurrence_start, end=occurrence_end, cancelled=activity_cancelled, **common)]

    duration = wall_duration(activity)
    exceptions = _exceptions(activity)
    found = []
    # Search a little wider in naive time; the exact test below is on aware times.
    search_from = wall_clock(start) - duration - ONE_DAY
    search_to = wall_clock(end) + ONE_DAY
    for naive_start in rule.between(search_from, search_to, inc=True):
        exception = exceptions.get(naive_start.date())
        if exception is not None and exception.action == ExceptionAction.MOVED:
            continue
        occurrence_start, occurrence_end = localize(naive_start), localize(naive_start + duration)
        if not overlaps(occurrence_start, occurrence_end, start, end):
            continue
        cancelled_here = exception is not None and exception.action == ExceptionAction.CANCELLED
        found.append(
            Occurrence(
                start=occurrence_start,
                end=occurrence_end,
                cancelled=activity_cancelled or cancelled_here,
                recurrence_id=occurrence_start,
                note=exception.note if exception is not None else "",
                **common,
            )
        )
    for exception in exceptions.values():
        if exception.action != ExceptionAction.MOVED or exception.new_starts_at is None:
            continue
        original = scheduled_start_on(activity, exception.occurrence_date, rule)
        if original is None:
            continue  # an exception for a date the activity no longer has
        moved_start, moved_end = moved_span(activity, exception, duration)
        if overlaps(moved_start, moved_end, start, end):
            found.append(
                Occurrence(
                    start=moved_start,
                    end=moved_end,
                    cancelled=activity_cancelled,
                    moved_from=localize(original),
                    recurrence_id=localize(original),
                    note=exception.note,
                    **common,
                )
            )
    return found


def expand(activities: Iterable, *, start: datetime, end: datetime) -> list[Occurrence]:
    """Every occurrence of the activities that overlaps [start, end), in time order."""
    found = []
    for activity in activities:
        found.extend(activity_occurrences(activity, start=start, end=end))
    return sort_occurrences(found)


def sort_occurrences(occurrences: Iterable[Occurrence]) -> list[Occurrence]:
    return sorted(occurrences, key=lambda o: (o.start, o.end, o.title, o.uid))


def series_bounds(activity) -> tuple[datetime, datetime]:
    """The aware start of the earliest and the end of the latest occurrence, for database filtering."""
    naive_start, naive_end = first_span(activity)
    first, last = localize(naive_start), localize(naive_end)
    rule = rule_for(activity)
    if rule is None:
        return first, last
    duration = wall_duration(activity)
    final_start = rule.before(datetime.combine(activity.recurrence_until, time(23, 59, 59)), inc=True)
    if final_start is not None:
        last = max(last, localize(final_start + duration))
    # Used when saving: the page's own (possibly edited, not yet saved) exceptions.
    for exception in activity.occurrence_exceptions.all():
        if exception.action == ExceptionAction.MOVED and exception.new_starts_at is not None:
            moved_start, moved_end = moved_span(activity, exception, duration)
            first, last = min(first, moved_start), max(last, moved_end)
    return first, last


def schedule_signature(activity) -> tuple:
    """Everything that decides when the activity happens; a change raises its iCalendar SEQUENCE."""
    exceptions = sorted(
        (
            exception.occurrence_date,
            exception.action,
            exception.new_starts_at,
            exception.new_ends_at,
        )
        for exception in activity.occurrence_exceptions.all()
    )
    return (
        activity.starts_at,
        activity.ends_at,
        activity.all_day,
        activity.recurrence,
        activity.recurrence_until,
        activity.status,
        tuple(exceptions),
    )
