"""The iCalendar views: the calendar's subscribable feed and one activity as an .ics download.

CalendarPage's and ActivityPage's `ical/` routes delegate here; like community/views.py it never imports
the models.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from community import ical, links, occurrences
from community.conf import FEED_CACHE_SECONDS, FEED_PAST_DAYS, UID_DOMAIN, UPCOMING_DAYS
from community.ical_text import document
from community.occurrences import entry_end
from community.recurrence import Window
from community.views import request_filters
from estates import i18n

NAME_SEPARATOR = " – "
# Columns a feed never writes: not reading them saves converting thousands of values (the feed's hottest part
# after writing the text). test_query_bounds fails should the feed ever touch one (a query per activity).
NOT_IN_FEEDS = (
    "accessibility",
    "local_problems",
    "registration_url",
    "registration_email",
    "registration_deadline",
    "capacity",
    "contact_phone",
    "responsible_staff",
    "image",
    "draft_title",
    "seo_title",
    "search_description",
    "show_in_menus",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "has_unpublished_changes",
    "live_revision",
    "alias_of",
)


def _ics_response(body: bytes, *, filename: str, download: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def feed(request, page):
    """The subscribable feed of the calendar, narrowed by the same filters as the page."""
    filters, _areas = request_filters(request)
    if filters.errors:
        return HttpResponse("\n".join(filters.errors), status=404, content_type="text/plain; charset=utf-8")
    # Calendar apps poll the feed; serve it from the cache until an activity is (un)published, and
    # meetings from other apps at most FEED_CACHE_SECONDS late. The links name the host asked.
    # And the language: the events' titles, addresses and words are those of the language the feed is read in.
    origin = links.absolute(request, "/")
    language = i18n.active_language()
    key = f"community:feed:{page.pk}:{origin}:{language}:{filters.query_string()}:{page.publishing_stamp()}"
    body = cache.get(key)
    if body is None:
        body = _feed_calendar(request, page, filters)
        cache.set(key, body, FEED_CACHE_SECONDS)
    return _ics_response(body, filename=f"{page.slug}.ics", download=False)


def _feed_calendar(request, page, filters) -> bytes:
    now = timezone.now()
    since = now - timedelta(days=FEED_PAST_DAYS)
    activities = filters.apply(page.activities()).not_over_before(since).for_lists()
    entries = occurrences.meetings(Window(since, now + timedelta(days=UPCOMING_DAYS)), filters=filters)
    name_parts = [
        page.title,
        filters.area.name if filters.area else "",
        filters.target_group_label,
        filters.theme_label,
    ]
    events, years = _activity_texts(request, activities)
    for entry in entries:
        years += ical.years_of(entry.start, entry_end(entry))
    head = ical.calendar_head(
        name=NAME_SEPARATOR.join(part for part in name_parts if part),
        uid=f"calendar-{page.translation_key}@{UID_DOMAIN}",
        calendar_url=_calendar_link(request, page) + filters.query_string(),
        span=(min(years), max(years)) if years else None,
    )
    tail = [line for entry in entries for line in ical.entry_lines(entry, url=_absolute(request, entry.url))]
    return b"".join([document(head), *events, document([*tail, "END:VCALENDAR"])])


def _calendar_link(request, page) -> str:
    """The calendar's absolute address: the feed's own path without its route (as the page was found by it)."""
    route = page.reverse_subpage("feed")
    if request.path.endswith("/" + route):
        return links.absolute(request, request.path.removesuffix(route))
    return links.page_link(request, page)


def _absolute(request, url: str) -> str:
    return links.absolute(request, url) if url else ""


def _activity_texts(request, activities) -> tuple[list[bytes], list[int]]:
    """The VEVENT texts of the activities (a queryset, in its order) for the request's language and origin, and
    the years they span: the stored ones in one query; those not stored yet (new, changed, or first read in this
    language or at this address) written now and stored for the next request (community/models/feed_events.py)."""
    language, origin = i18n.active_language(), links.absolute(request, "/")
    stored = activities.model._meta.get_field("stored_feed_events").related_model.objects
    found = stored.texts_of(activities, language=language, origin=origin)
    missing = [row[0] for row in found if row[1] is None]
    written = {}
    if missing:
        to_write = activities if len(missing) == len(found) else activities.filter(pk__in=missing)
        written = _written(request, to_write.defer(*NOT_IN_FEEDS).with_schedules())
        stored.keep(written, language=language, origin=origin)
        found = [row if row[1] is not None else (row[0], *written[row[0]]) for row in found]
    years = [year for row in found for year in row[2:]]
    return [row[1] for row in found], years


def _written(request, activities: list) -> dict[int, tuple[bytes, int, int]]:
    """{activity id: (its VEVENTs' text, first year, last year)}, each titled and linked as the page that
    presents it in the feed's language (the activities are the default locale's pages, which carry the
    schedules; one query)."""
    shown = i18n.presented(activities)
    wording = ical.Wording()
    return {
        activity.pk: (
            ical.activity_text(
                activity,
                url=links.page_link(request, shown[activity.pk]),
                wording=wording,
                title=shown[activity.pk].title,
            ),
            *ical.activity_years(activity),
        )
        for activity in activities
    }


def activity_ical(request, activity):
    """One activity as an .ics file to download and open in any calendar."""
    activity = activity.with_schedule()
    shown = i18n.presented([activity])[activity.pk]  # its title and address in the language read
    body = ical.activity_calendar(activity, url=links.page_link(request, shown), title=shown.title)
    return _ics_response(bytes(body), filename=f"{activity.slug}.ics", download=True)
