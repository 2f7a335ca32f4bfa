"""The home page's "next activities" section (registered with the boligsocial_home_sections hook)."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from community.filters import CalendarFilters
from community.models import CalendarPage
from community.occurrences import calendar_occurrences
from community.recurrence import Window
from estates import i18n
from estates.sections import HomeSection

HOW_MANY = 5
CACHE_SECONDS = 60
# Look a week ahead first (enough on a busy estate), then two months: at most two rounds of queries.
LOOK_AHEAD = (timedelta(days=7), timedelta(days=62))


def next_activities_section(request, area=None) -> HomeSection | None:
    calendar = CalendarPage.objects.published().first_of_site(Site.find_for_request(request))
    if calendar is None:
        return None
    filters = CalendarFilters(area=area)
    shown_calendar = i18n.presented([calendar])[calendar.pk]  # the calendar in the reader's language
    return HomeSection(
        template="community/includes/next_activities.html",
        context={
            "occurrences": _next_occurrences(calendar, filters, area),
            "area": area,
            "calendar_url": (shown_calendar.get_url(request) or calendar.get_url(request)) + filters.query_string(),
        },
        order=20,
    )


def _next_occurrences(calendar, filters, area) -> list:
    """The next few occurrences, cached briefly: the home page is the most visited page.

    The key carries the calendar's publishing stamp, so a published, unpublished or deleted activity
    shows at once; meetings from other apps and the passing of time are at most CACHE_SECONDS late. And the
    language: the titles and addresses are those of the pages that present the activities in it.
    """
    stamp = calendar.publishing_stamp()
    key = f"community:next:{calendar.pk}:{area.pk if area else 0}:{i18n.active_language()}:{stamp}"
    found = cache.get(key)
    if found is None:
        now = timezone.now()
        for ahead in LOOK_AHEAD:
            found = calendar_occurrences(
                calendar.activities(), Window(now, now + ahead), filters=filters, limit=HOW_MANY
            )
            if len(found) >= HOW_MANY:
                break
        cache.set(key, found, CACHE_SECONDS)
    return found
