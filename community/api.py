"""API: activities are in the pages endpoint (`?type=community.ActivityPage`); `occurrences` expands them.

GET /api/v2/occurrences/?start=2026-11-01&end=2026-11-30[&area=<slug>&target_group=<code>&theme=<code>]
returns every occurrence from the first day through the last (both inclusive, Europe/Copenhagen),
cancelled ones included and flagged, plus the public meetings other apps put in the calendar.
"""

from __future__ import annotations

import re
from datetime import date

from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from community import links
from community.conf import FIRST_YEAR, LAST_YEAR, MAX_API_RANGE_DAYS
from community.filters import AREA_PARAM, TARGET_GROUP_PARAM, THEME_PARAM, CalendarFilters, choosable_areas
from community.models import ActivityPage
from community.occurrences import calendar_occurrences
from community.recurrence import Window
from estates.guards import QueryGuardMixin

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(query, name: str) -> date:
    raw = (query.get(name) or "").strip()
    if not raw:
        raise BadRequestError(_("Give %(name)s as a date, YYYY-MM-DD.") % {"name": name})
    try:
        if not ISO_DATE.match(raw):
            raise ValueError(raw)
        day = date.fromisoformat(raw)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(raw)  # far outside the calendar, and past what datetime arithmetic allows
        return day
    except ValueError as error:
        raise BadRequestError(
            _("%(name)s is not a date: “%(value)s”. Use YYYY-MM-DD.") % {"name": name, "value": raw[:40]}
        ) from error


def parse_range(query) -> tuple[date, date]:
    first, last = parse_day(query, "start"), parse_day(query, "end")
    if last < first:
        raise BadRequestError(_("end must be on or after start."))
    if (last - first).days + 1 > MAX_API_RANGE_DAYS:
        raise BadRequestError(_("Ask for at most %(days)d days at a time.") % {"days": MAX_API_RANGE_DAYS})
    return first, last


def serialize(occurrence, *, url: str) -> dict:
    activity = occurrence.activity
    item = {
        "uid": occurrence.uid,
        "title": occurrence.title,
        "kind": occurrence.kind,
        "start": occurrence.local_start.isoformat(),
        "end": occurrence.local_end.isoformat(),
        "all_day": occurrence.all_day,
        "cancelled": occurrence.cancelled,
        "moved_from": occurrence.moved_from.isoformat() if occurrence.moved_from else None,
        "note": occurrence.note,
        "place": occurrence.place,
        "url": url,
        "activity_id": None,
        "theme": None,
        "areas": list(occurrence.entry.area_slugs) if occurrence.entry is not None else [],
        "target_groups": [],
        "across_generations": False,
    }
    if activity is not None:
        item.update(
            {
                "activity_id": activity.pk,
                "theme": activity.theme,
                "areas": [area.slug for area in activity.area_list],
                "target_groups": activity.target_group_codes,
                "across_generations": activity.across_generations,
            }
        )
    return item


class OccurrencesAPIViewSet(QueryGuardMixin, BaseAPIViewSet):
    """Expanded occurrences between two dates, for a headless front end."""

    name = "occurrences"
    # The router looks endpoints up by model; activities themselves are served by the pages endpoint.
    model = ActivityPage
    known_query_parameters = frozenset({"start", "end", "area", "target_group", "theme", "format", "_"})

    def listing_view(self, request):
        unknown = set(request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(_("Unknown query parameter: %(names)s") % {"names": ", ".join(sorted(unknown))})
        first, last = parse_range(request.GET)
        filters = CalendarFilters.from_query(
            {
                AREA_PARAM: request.GET.get("area", ""),
                TARGET_GROUP_PARAM: request.GET.get("target_group", ""),
                THEME_PARAM: request.GET.get("theme", ""),
            },
            choosable_areas(),
        )
        if filters.errors:
            raise BadRequestError(" ".join(filters.errors))
        found = calendar_occurrences(ActivityPage.objects.published(), Window.of_days(first, last), filters=filters)
        urls = {}  # one address per activity, however often it happens
        for occurrence in found:
            if occurrence.activity is not None and occurrence.activity.pk not in urls:
                urls[occurrence.activity.pk] = links.page_link(request, occurrence.activity)
        items = [
            serialize(
                occurrence,
                url=urls[occurrence.activity.pk] if occurrence.activity else links.absolute(request, occurrence.url),
            )
            for occurrence in found
        ]
        return Response(
            {
                "meta": {"start": first.isoformat(), "end": last.isoformat(), "total_count": len(found)},
                "items": items,
            }
        )

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


def register_endpoints(router) -> None:
    """Register the occurrences endpoint on the host's WagtailAPIRouter (whatever router it is given)."""
    router.register_endpoint("occurrences", OccurrencesAPIViewSet)
