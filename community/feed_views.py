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
        body = bytes(_feed_calendar(request, page, filters))
        cache.set(key, body, FEED_CACHE_SECONDS)
    return _ics_response(body, filename=f"{page.slug}.ics", download=False)


def _feed_calendar(request, page, filters) -> ical.ICalendar:
    now = timezone.now()
    since = now - timedelta(days=FEED_PAST_DAYS)
    activities = (
        filters.apply(page.activities()).not_over_before(since).for_lists().defer(*NOT_IN_FEEDS).with_schedules()
    )
    entries = occurrences.meetings(Window(since, now + timedelta(days=UPCOMING_DAYS)), filters=filters)
    name_parts = [
        page.title,
        filters.area.name if filters.area else "",
        filters.target_group_label,
        filters.theme_label,
    ]
    calendar_link = links.page_link(request, page)
    # The activities are the default locale's pages (they carry the schedules); each event is titled and linked
    # as the page that presents it in the feed's language (one query).
    shown = i18n.presented(activities)
    return ical.build_calendar(
        name=NAME_SEPARATOR.join(part for part in name_parts if part),
        uid=f"calendar-{page.translation_key}@{UID_DOMAIN}",
        activities=activities,
        entries=entries,
        url_for=lambda activity: links.page_link(request, shown[activity.pk]),
        title_for=lambda activity: shown[activity.pk].title,
        absolute=lambda url: links.absolute(request, url),
        calendar_url=calendar_link + filters.query_string(),
    )


def activity_ical(request, activity):
    """One activity as an .ics file to download and open in any calendar."""
    activity = activity.with_schedule()
    shown = i18n.presented([activity])[activity.pk]  # its title and address in the language read
    body = ical.activity_calendar(activity, url=links.page_link(request, shown), title=shown.title)
    return _ics_response(bytes(body), filename=f"{activity.slug}.ics", download=True)
