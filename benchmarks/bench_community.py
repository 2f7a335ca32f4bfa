"""The activity calendar at scale: 2,000 published activities, a fifth of them repeating weekly for eight weeks.

Measures the month view, the iCalendar feed, the upcoming list and the occurrences API. The extra times
the bare `icalendar` library serialising the same 2,000 events (built from plain values, no Django and
no database): the feed's median divided by it is what our expansion, queries and page routing cost on
top of the serialisation a feed cannot avoid.
"""

from datetime import UTC, datetime, time, timedelta

COUNT = 2000
RECURRING_EVERY = 5  # a fifth repeat weekly


def _first_of_month():
    from django.utils import timezone

    return timezone.localdate().replace(day=1)


def seed() -> None:
    from home.models import HomePage
    from tests.community.builders import bulk_activities, make_calendar

    calendar = make_calendar(parent=HomePage.objects.get())
    bulk_activities(calendar, COUNT, first_day=_first_of_month(), recurring_every=RECURRING_EVERY)


def targets() -> list[tuple[str, str, str | None]]:
    first = _first_of_month()
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return [
        (f"Calendar month view, {COUNT:,} activities", f"/aktiviteter/maaned/{first:%Y-%m}/", None),
        (f"iCalendar feed, {COUNT:,} activities", "/aktiviteter/ical/", None),
        ("Upcoming list, first page", "/aktiviteter/", None),
        ("Occurrences API, one month", f"/api/v2/occurrences/?start={first.isoformat()}&end={last.isoformat()}", None),
    ]


def _plain_events() -> list[dict]:
    """The feed's events as plain values, read once before timing."""
    from community.models import ActivityPage
    from community.recurrence import to_local

    events = []
    for activity in ActivityPage.objects.live().order_by("pk"):
        rule = None
        if activity.recurrence_until:
            until = datetime.combine(activity.recurrence_until, time(23, 59, 59))
            rule = {
                "freq": "WEEKLY",
                "until": until.replace(tzinfo=to_local(activity.starts_at).tzinfo).astimezone(UTC),
            }
        events.append(
            {
                "uid": activity.ical_uid,
                "summary": activity.title,
                "description": activity.intro,
                "location": activity.place_name,
                "start": to_local(activity.starts_at),
                "end": to_local(activity.ends_at),
                "stamp": datetime(2026, 1, 1, tzinfo=UTC),
                "rrule": rule,
            }
        )
    return events


def extras():
    from icalendar import Calendar, Event

    events = _plain_events()

    def serialise() -> bytes:
        calendar = Calendar.new(name="Aktiviteter", uid="bench@boligsocial", prodid="-//bench//DA")
        for values in events:
            event = Event.new(
                uid=values["uid"],
                summary=values["summary"],
                description=values["description"],
                location=values["location"],
                start=values["start"],
                end=values["end"],
                stamp=values["stamp"],
                sequence=0,
            )
            if values["rrule"]:
                event.add("rrule", values["rrule"])
            calendar.add_component(event)
        calendar.add_missing_timezones(
            first_date=min(v["start"] for v in events).date(), last_date=max(v["end"] for v in events).date()
        )
        return calendar.to_ical()

    def feed_uncached() -> bytes:
        # What the first subscriber after a change waits for: the feed is then served from the cache.
        from django.core.cache import cache
        from django.test import Client

        cache.clear()
        return Client().get("/aktiviteter/ical/").content

    return [
        (f"icalendar library alone serialising the same {COUNT:,} events", serialise),
        (f"iCalendar feed, {COUNT:,} activities, cache cleared first", feed_uncached),
    ]
