"""The .ics a confirmed resident gets: the one occurrence they signed up for, or the whole series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from community import ical
from community.choices import Theme
from community.conf import UID_DOMAIN
from community.signups import availability


@dataclass(frozen=True)
class OccurrenceEntry:
    """One occurrence in the shape `ical.build_calendar` takes for a single event."""

    uid: str
    title: str
    description: str
    place: str
    url: str
    start: datetime
    end: datetime
    all_day: bool
    last_modified: datetime | None


def signup_calendar(signup, *, url: str, title: str = "") -> bytes:
    """The iCalendar file for the sign-up (`url`: the activity's absolute address; `title`: its title in the
    resident's language, the activity's own by default)."""
    activity = signup.activity.with_schedule()
    occurrence = availability.find_occurrence(activity, signup.occurrence_start) if activity.is_recurring else None
    name = title or activity.title
    uid = f"signup-{signup.pk}-{activity.translation_key}@{UID_DOMAIN}"
    if occurrence is None:
        calendar = ical.build_calendar(
            name=name, uid=uid, activities=[activity], url_for=lambda _activity: url, title_for=lambda _activity: name
        )
        return calendar.to_ical()
    entry = OccurrenceEntry(
        # Its own UID: a lone override of the feed's series would confuse a client that lacks the series.
        uid=f"{activity.ical_uid.split('@')[0]}-{occurrence.recurrence_id:%Y%m%dT%H%M}@{UID_DOMAIN}",
        title=name,
        description=activity.intro,
        place=activity.place_label,
        url=url,
        start=occurrence.start,
        end=occurrence.end,
        all_day=occurrence.all_day,
        last_modified=activity.last_published_at,
    )
    calendar = ical.build_calendar(
        name=name, uid=uid, activities=[], entries=[entry], url_for=lambda _activity: url, absolute=lambda _url: url
    )
    for event in calendar.walk("VEVENT"):
        event.pop("CATEGORIES", None)
        if activity.theme in Theme.values:
            event.add("categories", [str(Theme(activity.theme).label)])
    return calendar.to_ical()
