"""iCalendar (RFC 5545) for the calendar feed and for one activity: what a subscriber's calendar must show.

A repeating activity is one VEVENT with an RRULE. Each occurrence that is not simply the rule's is a second
VEVENT with the same UID and a RECURRENCE-ID: a moved one at its new time; a cancelled one with
STATUS:CANCELLED and the reason first in its description (the page shows it; an EXDATE would only make it
vanish); and one whose time the daylight-saving change touches, at the exact time RFC 5545 gives it (a
02:30 start on the spring night is 03:30, each instance lasts exactly as long as the first), written out
because clients disagree on that arithmetic. UIDs never change, SEQUENCE rises when the time changes,
DTSTAMP and LAST-MODIFIED are the activity's last publication, and every local time carries the calendar
zone's TZID with its VTIMEZONE. The text is written directly (community/ical_text.py); the calendar feed
stores each activity's text once and joins the stored texts (community/models/feed_events.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar

from community import recurrence
from community.choices import ExceptionAction, TargetGroupCode, Theme
from community.conf import UID_DOMAIN
from community.ical_text import day, document, duration, floating, line, param, text, utc
from community.occurrences import entry_end
from community.vtimezone import transitions, vtimezone

PRODID = "-//Boligsocialt team//wagtail-boligsocial//DA"
REFRESH_INTERVAL = timedelta(hours=6)
# DTSTAMP of a meeting whose last change is not recorded: fixed, so the feed's bytes do not change per request.
UNKNOWN_CHANGE = datetime(2000, 1, 1, tzinfo=UTC)
ONE_DAY = timedelta(days=1)


class ICalendar(bytes):
    """A serialised VCALENDAR (UTF-8, CRLF lines); `to_ical()` and `walk()` as with the `icalendar` library.

    `walk()` parses the text once with `icalendar` for code that edits a component; `to_ical()` then
    writes the edited calendar (the feeds never walk: they take the bytes as they are).
    """

    def to_ical(self) -> bytes:
        parsed = self.__dict__.get("parsed")
        return parsed.to_ical() if parsed is not None else bytes(self)

    def walk(self, name=None, select=lambda component: True):
        if "parsed" not in self.__dict__:
            self.__dict__["parsed"] = Calendar.from_ical(bytes(self))
        return self.__dict__["parsed"].walk(name, select)


# --- times ---------------------------------------------------------------------------------------


def _zone_key() -> str:
    return recurrence.CALENDAR_TIME_ZONE.key


def _is_gap_or_fold(naive: datetime) -> bool:
    """A wall-clock time the daylight-saving change skips or repeats."""
    zone = recurrence.CALENDAR_TIME_ZONE
    return naive.replace(tzinfo=zone, fold=0).utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset()


def _wall(name: str, naive: datetime, *, all_day: bool) -> str:
    """A property holding a wall-clock time as written (DTSTART of a rule, RECURRENCE-ID): TZID or DATE."""
    if all_day:
        return f"{name};VALUE=DATE:{day(naive)}"
    return f"{name};TZID={_zone_key()}:{floating(naive)}"


def _moment(name: str, value: datetime, *, all_day: bool) -> str:
    """A property holding an exact moment: local time with TZID, UTC where the local time is ambiguous."""
    if all_day:
        return f"{name};VALUE=DATE:{day(recurrence.to_local(value))}"
    local = recurrence.to_local(value).replace(tzinfo=None)
    if _is_gap_or_fold(local):
        return f"{name}:{utc(value)}"
    return f"{name};TZID={_zone_key()}:{floating(local)}"


def _utc(naive: datetime) -> datetime:
    """A wall-clock time as the exact moment RFC 5545 3.3.5 makes it (a skipped time: the offset before the gap)."""
    return recurrence.localize(naive).astimezone(UTC)


def _offset(moment: datetime) -> timedelta:
    return recurrence.to_local(moment).utcoffset()


def _stamp(activity) -> datetime:
    return activity.last_published_at or activity.latest_revision_created_at or activity.first_published_at


def _rrule(activity, rule) -> str:
    """The RRULE of the rule `recurrence.rule_for` repeats the activity by (so every kind it knows is written),
    with UNTIL as RFC 5545 3.3.10 wants it beside a TZID (UTC) or a DATE."""
    text_rule = str(rule).split("RRULE:", 1)[1].replace("=+", "=").replace(",+", ",")
    parts = [part for part in text_rule.split(";") if not part.startswith("UNTIL=")]
    if activity.recurrence_until is not None:
        if activity.all_day:
            until = day(activity.recurrence_until)
        else:
            until = utc(recurrence.localize(datetime.combine(activity.recurrence_until, time(23, 59, 59))))
        parts.append(f"UNTIL={until}")
    return ";".join(parts)


# --- one activity ---------------------------------------------------------------------------------


class Wording:
    """The translated words the events carry, looked up once per calendar rather than once per event."""

    def __init__(self):
        self.organiser = _("Organiser: %(name)s")
        self.price = _("Price: %(price)s")
        self.free = _("Free")
        self.registration = _("Registration required")
        self.cancelled = _("Cancelled: %(title)s")
        self._categories: dict[tuple, str] = {}

    def categories(self, activity) -> str:
        key = (activity.theme, tuple(activity.target_group_codes))
        if key not in self._categories:
            labels = [str(Theme(activity.theme).label)] if activity.theme in Theme.values else []
            labels += [str(TargetGroupCode(code).label) for code in activity.target_group_codes]
            self._categories[key] = ",".join(text(label) for label in labels)
        return self._categories[key]

    def description(self, activity, url: str, note: str = "") -> str:
        parts = [note, activity.intro]
        if activity.is_cancelled and activity.cancellation_note:
            parts.insert(0, activity.cancellation_note)
        details = []
        if activity.organiser:
            details.append(self.organiser % {"name": activity.organiser})
        details.append(self.price % {"price": activity.price} if activity.price else self.free)
        if activity.registration_required:
            details.append(self.registration)
        parts.append("\n".join(details))
        parts.append(url)
        return "\n\n".join(part for part in parts if part)


class _ActivityWriter:
    """Writes the VEVENTs of one activity; what every VEVENT of it shares is computed once."""

    def __init__(self, activity, url: str, wording: Wording, title: str = ""):
        self.activity = activity
        self.url = url
        self.wording = wording
        stamp = utc(_stamp(activity) or UNKNOWN_CHANGE)
        self.head = [line("UID", text(activity.ical_uid)), f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}"]
        self.head.append(f"SEQUENCE:{activity.sequence}")
        self.tail = []
        if activity.place_label:
            self.tail.append(line("LOCATION", text(activity.place_label)))
        if url:
            self.tail.append(line("URL;VALUE=URI", url))
        categories = wording.categories(activity)
        if categories:
            self.tail.append(line("CATEGORIES", categories))
        self.title = title or activity.title

    def event(self, start: str, end: str, *, extra=(), cancelled=False, note="") -> list[str]:
        cancelled = cancelled or self.activity.is_cancelled
        summary = self.wording.cancelled % {"title": self.title} if cancelled else self.title
        return [
            "BEGIN:VEVENT",
            *self.head,
            start,
            end,
            *extra,
            line("SUMMARY", text(summary)),
            f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
            line("DESCRIPTION", text(self.wording.description(self.activity, self.url, note=note))),
            *self.tail,
            "END:VEVENT",
        ]


def _master_extra(activity) -> list[str]:
    extra = []
    if activity.latitude is not None and activity.longitude is not None:
        extra.append(f"GEO:{float(activity.latitude)};{float(activity.longitude)}")
    if activity.contact_email:
        name = activity.contact_name or activity.organiser
        cn = f";CN={param(name)}" if name else ""
        extra.append(line(f"ORGANIZER{cn}", f"mailto:{activity.contact_email}"))
    return extra


def _transition_instances(activity, rule, duration_on_wall: timedelta) -> list[datetime]:
    """Naive starts of the rule's instances near a daylight-saving change (a handful per year at most)."""
    first, _ = recurrence.first_span(activity)
    last = datetime.combine(activity.recurrence_until, time(23, 59, 59))
    found = []
    for year in range(first.year, last.year + 1):
        for change in transitions(_zone_key(), year):
            earliest, latest = change.local_start - duration_on_wall - ONE_DAY, change.local_start + ONE_DAY
            if latest < first or earliest > last:
                continue  # the series is not on then (most are not: only their expansion would cost)
            found.extend(rule.between(earliest, latest, inc=True))
    return sorted(set(found))


def activity_lines(activity, *, url: str, wording: Wording | None = None, title: str = "") -> list[str]:
    """The lines of one activity's VEVENTs (`url`: its absolute address; `title`: the SUMMARY when the
    activity is presented under another title, its translation's)."""
    writer = _ActivityWriter(activity, url, wording or Wording(), title)
    naive_start, naive_end = recurrence.first_span(activity)
    all_day = activity.all_day
    rule = recurrence.rule_for(activity)
    if rule is None:
        if all_day:
            start, end = _wall("DTSTART", naive_start, all_day=True), _wall("DTEND", naive_end, all_day=True)
        else:
            start = _moment("DTSTART", recurrence.localize(naive_start), all_day=False)
            end = _moment("DTEND", recurrence.localize(naive_end), all_day=False)
        return writer.event(start, end, extra=_master_extra(activity))

    lines = writer.event(
        _wall("DTSTART", naive_start, all_day=all_day),
        _wall("DTEND", naive_end, all_day=all_day),
        extra=[line("RRULE", _rrule(activity, rule)), *_master_extra(activity)],
    )
    wall_duration = naive_end - naive_start
    # RFC 5545 3.8.5.3: every instance lasts exactly as long as the first (in elapsed time).
    # (Aware datetimes of one zone subtract and add as wall-clock times in Python: go through UTC.)
    exact = wall_duration if all_day else _utc(naive_end) - _utc(naive_start)

    def scheduled(original: datetime) -> tuple[str, str]:
        if all_day:
            return _wall("DTSTART", original, all_day=True), _wall("DTEND", original + wall_duration, all_day=True)
        start = _utc(original)
        return _moment("DTSTART", start, all_day=False), _moment("DTEND", start + exact, all_day=False)

    overridden = set()
    for exception in recurrence.exceptions_of(activity):
        original = recurrence.scheduled_start_on(activity, exception.occurrence_date, rule)
        if original is None:
            continue  # an exception for a date the activity no longer has
        recurrence_id = _wall("RECURRENCE-ID", original, all_day=all_day)
        if exception.action == ExceptionAction.CANCELLED:
            start, end = scheduled(original)
            lines += writer.event(start, end, extra=[recurrence_id], cancelled=True, note=exception.note)
        elif exception.action == ExceptionAction.MOVED and exception.new_starts_at is not None:
            moved_start, moved_end = recurrence.moved_span(activity, exception, wall_duration)
            lines += writer.event(
                _moment("DTSTART", moved_start, all_day=all_day),
                _moment("DTEND", moved_end, all_day=all_day),
                extra=[recurrence_id],
                note=exception.note,
            )
        else:
            continue
        overridden.add(original)

    if not all_day:
        for original in _transition_instances(activity, rule, wall_duration):
            if original in overridden:
                continue
            start = _utc(original)
            if _is_gap_or_fold(original) or _offset(start) != _offset(start + exact):
                start_line, end_line = scheduled(original)
                lines += writer.event(start_line, end_line, extra=[_wall("RECURRENCE-ID", original, all_day=False)])
    return lines


# --- meetings from other apps --------------------------------------------------------------------


def entry_lines(entry, *, url: str) -> list[str]:
    """A theme, follow-up meeting or walk from another app as one VEVENT (`url`: its absolute address)."""
    changed = entry.last_modified
    stamp = utc(changed or UNKNOWN_CHANGE)
    description = "\n\n".join(part for part in (strip_tags(entry.description), url) if part)
    lines = [
        "BEGIN:VEVENT",
        line("UID", text(entry.uid)),
        f"DTSTAMP:{stamp}",
        *([f"LAST-MODIFIED:{stamp}"] if changed else []),
        f"SEQUENCE:{getattr(entry, 'sequence', 0)}",
        # An all-day entry is a DATE (DTEND the next day), not 00:00-02:00.
        _moment("DTSTART", entry.start, all_day=entry.all_day),
        _moment("DTEND", entry_end(entry), all_day=entry.all_day),
        line("SUMMARY", text(entry.title)),
        "STATUS:CONFIRMED",
    ]
    if description:
        lines.append(line("DESCRIPTION", text(description)))
    if entry.place:
        lines.append(line("LOCATION", text(entry.place)))
    if url:
        lines.append(line("URL;VALUE=URI", url))
    # An entry may name its own categories (a sign-up's occurrence: its activity's theme); meetings are safety.
    categories = getattr(entry, "categories", None) or [str(Theme.SAFETY.label)]
    lines += [line("CATEGORIES", ",".join(text(str(label)) for label in categories)), "END:VEVENT"]
    return lines


# --- the calendar ---------------------------------------------------------------------------------


def _year_span(activities: list, entries: list) -> tuple[int, int] | None:
    years = []
    for activity in activities:
        years += activity_years(activity)
    for entry in entries:
        years += years_of(entry.start, entry_end(entry))
    return (min(years), max(years)) if years else None


def calendar_head(*, name: str, uid: str, calendar_url: str = "", span: tuple[int, int] | None = None) -> list[str]:
    """The VCALENDAR's own lines, up to its events: the name, the refresh interval and the VTIMEZONE of the
    years `span` covers (every local time in the calendar carries this one TZID)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        line("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
        line("UID", text(uid)),
        line("NAME", text(name)),
        line("X-WR-CALNAME", text(name)),
    ]
    if calendar_url:
        lines.append(line("URL;VALUE=URI", calendar_url))
    lines += [
        f"REFRESH-INTERVAL;VALUE=DURATION:{duration(REFRESH_INTERVAL)}",
        f"X-PUBLISHED-TTL:{duration(REFRESH_INTERVAL)}",
    ]
    if span is not None:
        lines += vtimezone(_zone_key(), *span)
    return lines


def activity_text(activity, *, url: str, wording: Wording, title: str = "") -> bytes:
    """One activity's VEVENTs as UTF-8 text, each line CRLF-ended: what a feed stores and joins (feed_events)."""
    return document(activity_lines(activity, url=url, wording=wording, title=title))


def years_of(first: datetime, last: datetime) -> tuple[int, int]:
    """The local years from `first` to `last`: the span a VTIMEZONE must cover."""
    return recurrence.to_local(first).year, recurrence.to_local(last).year


def activity_years(activity) -> tuple[int, int]:
    """The local years the activity's times span."""
    return years_of(activity.series_start or activity.starts_at, activity.series_end or activity.ends_at)


def build_calendar(
    *,
    name: str,
    uid: str,
    activities: Iterable,
    entries: Iterable = (),
    url_for,
    absolute=str,
    calendar_url: str = "",
    title_for=None,
) -> ICalendar:
    """A VCALENDAR with every activity (url_for(activity) gives its absolute address, title_for(activity) the
    title it is presented under, its own by default) and entry (absolute(entry.url) makes its address absolute)."""
    activities, entries = list(activities), list(entries)
    lines = calendar_head(name=name, uid=uid, calendar_url=calendar_url, span=_year_span(activities, entries))
    wording = Wording()
    for activity in activities:
        title = title_for(activity) if title_for is not None else ""
        lines += activity_lines(activity, url=url_for(activity), wording=wording, title=title)
    for entry in entries:
        lines += entry_lines(entry, url=absolute(entry.url) if entry.url else "")
    lines.append("END:VCALENDAR")
    return ICalendar(document(lines))


def activity_calendar(activity, *, url: str, calendar_url: str = "", title: str = "") -> ICalendar:
    """One activity as a calendar of its own: the .ics to download or attach to a mail (`title`: the one it is
    presented under in the reader's language, its own by default)."""
    return build_calendar(
        name=title or activity.title,
        uid=f"calendar-{activity.translation_key}@{UID_DOMAIN}",
        activities=[activity],
        url_for=lambda _activity: url,
        title_for=lambda _activity: title,
        calendar_url=calendar_url or url,
    )
