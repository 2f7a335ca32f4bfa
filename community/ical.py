"""iCalendar (RFC 5545) for the calendar feed and for one activity, built with the `icalendar` library.

A repeating activity is one VEVENT with an RRULE; a cancelled occurrence is an EXDATE and a moved
one a second VEVENT with the same UID and a RECURRENCE-ID. UIDs never change, SEQUENCE rises when
the time changes, DTSTAMP is the time the activity was last published, and every time carries the
Europe/Copenhagen TZID with its VTIMEZONE, so a subscriber's calendar expands the same occurrences
as the calendar page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration

from community import recurrence
from community.choices import ExceptionAction, Recurrence, TargetGroupCode, Theme
from community.occurrences import entry_end

PRODID = "-//Boligsocialt team//wagtail-boligsocial//DA"
REFRESH_INTERVAL = timedelta(hours=6)
ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _utc(value: datetime | None) -> datetime:
    return (value or timezone.now()).astimezone(UTC).replace(microsecond=0)


def _stamp(activity) -> datetime:
    return _utc(activity.last_published_at or activity.latest_revision_created_at or activity.first_published_at)


def _rrule(activity, dtstart: datetime) -> dict:
    if activity.all_day:
        until = activity.recurrence_until
    else:
        # UNTIL is in UTC when DTSTART has a TZID (RFC 5545, 3.3.10): the end of the last local day.
        until = recurrence.localize(datetime.combine(activity.recurrence_until, time(23, 59, 59))).astimezone(UTC)
    if activity.recurrence == Recurrence.WEEKLY:
        return {"freq": "WEEKLY", "until": until}
    if activity.recurrence == Recurrence.EVERY_OTHER_WEEK:
        return {"freq": "WEEKLY", "interval": 2, "until": until}
    weekday = recurrence.monthly_weekday(dtstart)
    return {"freq": "MONTHLY", "byday": f"{weekday.n}{ICAL_WEEKDAYS[weekday.weekday]}", "until": until}


def _as_ical_time(activity, naive: datetime) -> date | datetime:
    """A naive local wall-clock time as DTSTART-style value: a DATE for all-day activities."""
    return naive.date() if activity.all_day else recurrence.localize(naive)


def _description(activity, url: str, note: str = "") -> str:
    parts = [note, activity.intro]
    if activity.is_cancelled and activity.cancellation_note:
        parts.insert(0, activity.cancellation_note)
    details = []
    if activity.organiser:
        details.append(_("Organiser: %(name)s") % {"name": activity.organiser})
    details.append(_("Price: %(price)s") % {"price": activity.price} if activity.price else _("Free"))
    if activity.registration_required:
        details.append(_("Registration required"))
    parts.append("\n".join(details))
    parts.append(url)
    return "\n\n".join(part for part in parts if part)


def _summary(activity) -> str:
    return _("Cancelled: %(title)s") % {"title": activity.title} if activity.is_cancelled else activity.title


def _event(
    *, uid, summary, description, location, url, start, end, sequence=0, stamp, status, categories, last_modified=True
) -> Event:
    """One VEVENT. Properties are added one by one: `Event.new()` validates as it goes and costs five times more."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    if last_modified:
        event.add("last-modified", stamp)
    event.add("sequence", sequence)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("status", status)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if categories:
        event.add("categories", categories)
    return event


def activity_events(activity, *, url: str) -> list[Event]:
    """The VEVENTs of one activity: the master (with RRULE and EXDATEs) and one per moved occurrence."""
    stamp = _stamp(activity)
    status = "CANCELLED" if activity.is_cancelled else "CONFIRMED"
    naive_start, naive_end = recurrence.first_span(activity)
    categories = [str(Theme(activity.theme).label)] if activity.theme in Theme.values else []
    categories += [str(TargetGroupCode(code).label) for code in activity.target_group_codes]
    master = _event(
        uid=activity.ical_uid,
        summary=_summary(activity),
        description=_description(activity, url),
        location=activity.place_label,
        url=url,
        start=_as_ical_time(activity, naive_start),
        end=_as_ical_time(activity, naive_end),
        sequence=activity.sequence,
        stamp=stamp,
        status=status,
        categories=categories,
    )
    if activity.latitude is not None and activity.longitude is not None:
        master.add("geo", (float(activity.latitude), float(activity.longitude)))
    if activity.contact_email:
        organizer = vCalAddress(f"mailto:{activity.contact_email}")
        organizer.params["cn"] = activity.contact_name or activity.organiser
        master.add("organizer", organizer)
    events = [master]

    rule = recurrence.rule_for(activity)
    if rule is None:
        return events
    master.add("rrule", _rrule(activity, naive_start))
    duration = recurrence.wall_duration(activity)
    exdates = []
    for exception in recurrence.exceptions_of(activity):
        original = recurrence.scheduled_start_on(activity, exception.occurrence_date, rule)
        if original is None:
            continue
        if exception.action == ExceptionAction.CANCELLED:
            exdates.append(_as_ical_time(activity, original))
        elif exception.action == ExceptionAction.MOVED and exception.new_starts_at is not None:
            moved_start, moved_end = recurrence.moved_span(activity, exception, duration)
            if activity.all_day:
                moved_start, moved_end = moved_start.date(), moved_end.date()
            else:
                moved_start, moved_end = recurrence.to_local(moved_start), recurrence.to_local(moved_end)
            override = _event(
                uid=activity.ical_uid,
                summary=_summary(activity),
                description=_description(activity, url, note=exception.note),
                location=activity.place_label,
                url=url,
                start=moved_start,
                end=moved_end,
                sequence=activity.sequence,
                stamp=stamp,
                status=status,
                categories=categories,
            )
            override.add("recurrence-id", _as_ical_time(activity, original))
            events.append(override)
    if exdates:
        master.add("exdate", sorted(exdates))
    return events


def entry_event(entry, *, url: str) -> Event:
    """A theme or follow-up meeting from another app, as one VEVENT (`url`: its absolute address)."""
    return _event(
        uid=entry.uid,
        summary=entry.title,
        description="\n\n".join(part for part in (strip_tags(entry.description), url) if part),
        location=entry.place,
        url=url,
        # An all-day entry is a DATE (VALUE=DATE, DTEND the next day), not 00:00-02:00.
        start=recurrence.to_local(entry.start).date() if entry.all_day else recurrence.to_local(entry.start),
        end=recurrence.to_local(entry_end(entry)).date() if entry.all_day else recurrence.to_local(entry_end(entry)),
        stamp=_utc(entry.last_modified),
        status="CONFIRMED",
        categories=[str(Theme.SAFETY.label)],
        last_modified=entry.last_modified is not None,
    )


def build_calendar(
    *,
    name: str,
    uid: str,
    activities: Iterable,
    entries: Iterable = (),
    url_for,
    absolute=str,
    calendar_url: str = "",
) -> Calendar:
    """A VCALENDAR with every activity (url_for(activity) gives its absolute address) and entry
    (absolute(entry.url) makes its address absolute)."""
    calendar = Calendar.new(
        name=name,
        prodid=PRODID,
        uid=uid,
        url=calendar_url or None,
        refresh_interval=REFRESH_INTERVAL,
    )
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    first, last = None, None
    for activity in activities:
        for event in activity_events(activity, url=url_for(activity)):
            calendar.add_component(event)
        first = min(first, activity.series_start) if first else activity.series_start
        last = max(last, activity.series_end) if last else activity.series_end
    for entry in entries:
        calendar.add_component(entry_event(entry, url=absolute(entry.url) if entry.url else ""))
        first = min(first, entry.start) if first else entry.start
        last = max(last, entry_end(entry)) if last else entry_end(entry)
    if first is not None:
        # Every time in the calendar carries this one TZID. Its VTIMEZONE covers exactly the span of the
        # events (a small feed), and goes first, before the events that refer to it.
        timezone_component = Timezone.from_tzid(
            recurrence.CALENDAR_TIME_ZONE.key,
            first_date=(recurrence.to_local(first) - timedelta(days=1)).date(),
            last_date=(recurrence.to_local(last) + timedelta(days=1)).date(),
        )
        calendar.subcomponents.insert(0, timezone_component)
    return calendar
