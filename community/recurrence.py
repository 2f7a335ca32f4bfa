"""Expand activities into dated occurrences: the one place that knows how an activity repeats.

Pure Python over already-loaded activities (with their occurrence exceptions prefetched), so the
caller decides the queries. Repetition happens in local wall-clock time (Europe/Copenhagen): a
homework café at 17:00 stays at 17:00 across the daylight-saving change, exactly as an iCalendar
client expands an RRULE with a TZID. As RFC 5545 says (3.3.5, 3.8.5.3): a local time the spring
change skips is read with the offset before the gap (02:30 becomes 03:30 summer time), a time the
autumn change repeats is the first of the two, and every occurrence of a timed activity lasts the
exact duration of the first. The calendar reads these occurrences as stored rows
(community/models/occurrences.py); this module is what fills them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

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
    activity_id: int | None = None  # the ActivityPage's id (page id), for activities
    link: str = ""  # the activity's address when the page itself is not loaded (the month's cells)
    title_language: str = ""  # the title's language where a translation gave it ("": the site's own, Danish)

    @property
    def url(self) -> str:
        if self.link:
            return self.link
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
    """A local wall-clock time made aware (and normalised, so it shows the time it really is).

    A time the spring change skips is read with the UTC offset before the gap (RFC 5545, 3.3.5):
    02:30 on 28 March 2027 is 01:30 UTC, 03:30 summer time. A time the autumn change repeats is the
    first of the two (fold=0, still summer time).
    """
    return naive.replace(tzinfo=CALENDAR_TIME_ZONE, fold=0).astimezone(UTC).astimezone(CALENDAR_TIME_ZONE)


def later_by(start: datetime, duration: timedelta) -> datetime:
    """`start` plus an exact duration (elapsed time, not wall-clock time), in local time."""
    return (start.astimezone(UTC) + duration).astimezone(CALENDAR_TIME_ZONE)


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


def exact_duration(activity) -> timedelta:
    """How long each occurrence of a timed activity lasts: the elapsed time of the first (RFC 5545, 3.8.5.3)."""
    return activity.ends_at.astimezone(UTC) - activity.starts_at.astimezone(UTC)


def span_from(activity, naive_start: datetime, wall: timedelta) -> tuple[datetime, datetime]:
    """The aware start and end of an occurrence that starts at the naive local `naive_start`.

    All-day occurrences last whole local days (nominal, as DATE values do); timed ones the exact
    duration of the first occurrence, so an instance that starts in the spring gap keeps its length.
    """
    start = localize(naive_start)
    if activity.all_day:
        return start, localize(naive_start + wall)
    return start, later_by(start, exact_duration(activity))


def first_occurrence_span(activity) -> tuple[datetime, datetime]:
    """The aware start and end of the activity's first occurrence."""
    naive_start, _naive_end = first_span(activity)
    return span_from(activity, naive_start, wall_duration(activity))


def monthly_weekday(start: datetime) -> rrule.weekday:
    """The nth weekday of the month the activity starts on; a fifth weekday means the last one."""
    nth = (start.day - 1) // 7 + 1
    weekday = rrule.weekday(start.weekday())
    return weekday(-1 if nth == 5 else nth)


def week_interval(activity) -> int | None:
    """How many weeks lie between two occurrences of a weekly kind of repetition, else None."""
    if activity.recurrence == Recurrence.WEEKLY:
        return 1
    if activity.recurrence == Recurrence.EVERY_OTHER_WEEK:
        return 2
    if activity.recurrence == Recurrence.EVERY_N_WEEKS:
        return getattr(activity, "recurrence_interval", None) or None
    return None


def rule_parts(activity) -> dict | None:
    """The repetition as iCalendar RRULE parts without UNTIL (`freq`, and `interval`, `byday` or
    `bymonthday`), or None for an activity that happens once. The one description of each rule:
    rule_for() below and the iCalendar feed both read it."""
    if not is_recurring(activity):
        return None
    dtstart, _ = first_span(activity)
    interval = week_interval(activity)
    if interval is not None:
        return {"freq": "WEEKLY", "interval": interval} if interval > 1 else {"freq": "WEEKLY"}
    if activity.recurrence == Recurrence.MONTHLY_WEEKDAY:
        weekday = monthly_weekday(dtstart)
        return {"freq": "MONTHLY", "byday": f"{weekday.n}{ICAL_WEEKDAYS[weekday.weekday]}"}
    if activity.recurrence == Recurrence.MONTHLY_DATE:
        return {"freq": "MONTHLY", "bymonthday": dtstart.day}
    return None


ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES = {"WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY}


def rule_for(activity) -> rrule.rrule | None:
    """The repetition rule in naive local time, or None for an activity that happens once."""
    if activity.recurrence_until is None:
        return None
    parts = rule_parts(activity)
    if parts is None:
        return None
    dtstart, _ = first_span(activity)
    until = datetime.combine(activity.recurrence_until, time(23, 59, 59))
    options = {"dtstart": dtstart, "until": until, "interval": parts.get("interval", 1)}
    if "byday" in parts:
        options["byweekday"] = monthly_weekday(dtstart)
    if "bymonthday" in parts:
        options["bymonthday"] = parts["bymonthday"]
    return rrule.rrule(FREQUENCIES[parts["freq"]], **options)


def scheduled_start_on(activity, day: date, rule: rrule.rrule | None = None) -> datetime | None:
    """The naive local start of the occurrence scheduled on `day`, or None if there is none."""
    rule = rule if rule is not None else rule_for(activity)
    if rule is None:
        return None
    dtstart, _ = first_span(activity)
    candidate = datetime.combine(day, dtstart.time())
    return candidate if rule.between(candidate, candidate, inc=True) else None


def moved_span(activity, exception, duration: timedelta) -> tuple[datetime, datetime]:
    """The aware start and end of a moved occurrence (`duration`: the activity's wall-clock length)."""
    if activity.all_day:
        first_day = to_local(exception.new_starts_at).date()
        if exception.new_ends_at:
            last_day = max(to_local(exception.new_ends_at).date(), first_day)
            return local_midnight(first_day), local_midnight(last_day + ONE_DAY)
        naive = datetime.combine(first_day, time(0))
        return localize(naive), localize(naive + duration)
    start = to_local(exception.new_starts_at)
    if exception.new_ends_at:
        return start, to_local(exception.new_ends_at)
    return start, later_by(start, exact_duration(activity))


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
        "activity_id": activity.pk,
    }
    rule = rule_for(activity)
    if rule is None:
        occurrence_start, occurrence_end = first_occurrence_span(activity)
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
        occurrence_start, occurrence_end = span_from(activity, naive_start, duration)
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
    first, last = first_occurrence_span(activity)
    rule = rule_for(activity)
    if rule is None:
        return first, last
    duration = wall_duration(activity)
    final_start = rule.before(datetime.combine(activity.recurrence_until, time(23, 59, 59)), inc=True)
    if final_start is not None:
        last = max(last, span_from(activity, final_start, duration)[1])
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
        getattr(activity, "recurrence_interval", None),
        activity.recurrence_until,
        activity.status,
        tuple(exceptions),
    )
