"""API: activities are in the pages endpoint (`?type=community.ActivityPage`, or `activities`), filtered by the
values the API shows; `occurrences` lists their dates.

Filters (the pages endpoint with `type=community.ActivityPage`, `activities` and `occurrences` alike):
`areas=<housing-area slug>`, `target_groups=<code>`, `theme=<code>`, `across_generations=true|false`, with the
calendar's rules (an activity for the whole estate is in every area, one for all residents in every target
group). An unknown value answers 400 with a message.

GET /api/v2/occurrences/?start=2026-11-01&end=2026-11-30[&areas=...&limit=50&offset=0&fields=...]
lists every occurrence from the first day through the last (both inclusive, Europe/Copenhagen, at most
`BOLIGSOCIAL_MAX_API_RANGE_DAYS`), in time order, cancelled ones included and flagged, plus the public
meetings other apps put in the calendar. Paginated as Wagtail's endpoints (`limit`, default 20, at most
`WAGTAILAPI_LIMIT_MAX`; `offset`; `meta.total_count`); `fields` chooses fields as in Wagtail (`fields=_,title,start`,
`fields=-note`; every field by default). Each occurrence of an activity names it (`activity`: id, type,
`detail_url` in the API, `html_url` on the site), so a month of cards is one request.

Each activity is listed once (its page in the default locale, which carries the occurrences); `title`, `url` and
`html_url` are those of the page that presents it in the language asked for: `locale=ar` (as Wagtail's pages
API names it), otherwise the request's language.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch, path
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet

from community import links
from community.conf import FIRST_YEAR, LAST_YEAR, MAX_API_RANGE_DAYS
from community.filters import API_AREAS, API_PARAMS, API_TARGET_GROUPS, CalendarFilters, choosable_areas
from community.models import ActivityPage
from community.occurrences import OccurrenceList
from community.recurrence import Occurrence, Window
from estates.api_filters import PageTypeFilter
from estates.guards import QueryGuardMixin, positive_integer

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The names the occurrences endpoint first had; still read, the API's names win.
LEGACY_PARAMS = {"area": API_AREAS, "target_group": API_TARGET_GROUPS}
# Wagtail's own parameters that cannot apply to occurrences: refused with a message rather than ignored.
NOT_FOR_OCCURRENCES = frozenset({"order", "search", "search_operator"})
OCCURRENCE_FIELDS = (
    "uid",
    "title",
    "kind",
    "start",
    "end",
    "all_day",
    "cancelled",
    "moved_from",
    "note",
    "place",
    "url",
    "activity_id",
    "activity",
    "theme",
    "areas",
    "target_groups",
    "across_generations",
)


def api_filters(query) -> CalendarFilters:
    """The API's filter parameters as the calendar's filters; a bad value is a 400 naming it."""
    areas = choosable_areas() if (query.get(API_AREAS) or "").strip() else []  # read only when asked for
    filters = CalendarFilters.from_api_query(query, areas)
    if filters.errors:
        raise BadRequestError(" ".join(filters.errors))
    return filters


class ActivityFilter(PageTypeFilter):
    """`areas`, `target_groups`, `theme`, `across_generations` on listings of activities in the pages API."""

    model = ActivityPage
    parameters = API_PARAMS

    def filter_pages(self, query, pages):
        return api_filters(query).apply(pages)


PAGE_FILTERS = [ActivityFilter]


# --- the occurrences endpoint -----------------------------------------------------------------


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


def parse_fields(raw: str | None) -> list[str]:
    """The fields to show, as Wagtail reads `fields` (`*`, `_`, `-name`); every field when it is left out."""
    if raw is None:
        return list(OCCURRENCE_FIELDS)
    try:
        config = parse_fields_parameter(raw)
    except ValueError as error:
        raise BadRequestError(_("fields cannot be read: %(error)s") % {"error": error}) from error
    chosen = set(OCCURRENCE_FIELDS)
    if config and config[0][0] in {"*", "_"}:
        chosen = set(OCCURRENCE_FIELDS) if config[0][0] == "*" else set()
        config = config[1:]
    unknown = []
    for name, negated, nested in config:
        if name not in OCCURRENCE_FIELDS:
            unknown.append(name)
        elif nested is not None:
            raise BadRequestError(_("The field %(name)s has no fields of its own to choose.") % {"name": name})
        elif negated:
            chosen.discard(name)
        else:
            chosen.add(name)
    if unknown:
        raise BadRequestError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    return [name for name in OCCURRENCE_FIELDS if name in chosen]


def limit_max() -> int | None:
    """Wagtail's WAGTAILAPI_LIMIT_MAX (20 unless the host says otherwise; None or 0: no maximum)."""
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or None


def parse_page(query) -> tuple[int, int]:
    """`offset` and `limit` as Wagtail's pagination reads them (QueryGuardMixin has refused odd numbers)."""
    maximum = limit_max()
    positive_integer(query, "limit", maximum=maximum)
    default_limit = min(20, maximum) if maximum else 20
    return int(query.get("offset", 0)), int(query.get("limit", default_limit))


def occurrence_page(window: Window, filters: CalendarFilters, *, offset: int, limit: int) -> tuple[int, list]:
    """How many occurrences the window holds, and those from `offset` (at most `limit`), in time order:
    counted and sliced in the database (the stored occurrences), the meetings merged in at their place."""
    listing = OccurrenceList(ActivityPage.objects.published().in_source_locale(), window, filters=filters)
    return listing.count(), listing[offset : offset + limit]


class ActivityLinks:
    """An activity's addresses and its descriptive fields, computed once per activity on a page of occurrences."""

    def __init__(self, request):
        self.request = request
        self.router = getattr(request, "wagtailapi_router", None)
        self.seen = {}
        self.detail_prefixes = {}

    def describe(self, activity, shown_at: str = "") -> dict:
        """`shown_at`: the address of the page presenting the activity in the language asked for, if not its own."""
        if activity.pk not in self.seen:
            html_url = links.absolute(self.request, shown_at) if shown_at else links.page_link(self.request, activity)
            self.seen[activity.pk] = {
                "id": activity.pk,
                "type": activity._meta.label,
                "detail_url": self.detail_url(activity),
                "html_url": html_url,
            }
        return self.seen[activity.pk]

    def detail_url(self, activity) -> str | None:
        """The activity in the API (the endpoint the router serves it from, as the pages API names it)."""
        model = type(activity)
        if model not in self.detail_prefixes:
            self.detail_prefixes[model] = self.detail_prefix(model)
        prefix = self.detail_prefixes[model]
        return f"{prefix}{activity.pk}/" if prefix else None

    def detail_prefix(self, model) -> str | None:
        """The absolute detail address without the id, reversed once (Wagtail's detail route is `<int:pk>/`)."""
        if self.router is None:
            return None
        try:
            path_ = self.router.get_object_detail_urlpath(model, 0)
        except NoReverseMatch:
            return None
        if not path_ or not path_.endswith("/0/"):
            return None
        return links.absolute(self.request, path_[: -len("0/")])


def serialize(occurrence: Occurrence, activity_links: ActivityLinks, fields: list[str]) -> dict:
    activity = occurrence.activity
    described = activity_links.describe(activity, occurrence.link) if activity is not None else None
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
        "url": described["html_url"] if described else links.absolute(activity_links.request, occurrence.url),
        "activity_id": activity.pk if activity is not None else None,
        "activity": described,
        "theme": activity.theme if activity is not None else None,
        "areas": (
            [area.slug for area in activity.area_list]
            if activity is not None
            else list(occurrence.entry.area_slugs)
            if occurrence.entry is not None
            else []
        ),
        "target_groups": activity.target_group_codes if activity is not None else [],
        "across_generations": activity.across_generations if activity is not None else False,
    }
    return {name: item[name] for name in fields}


def requested_language(query) -> str | None:
    """The language of `locale=` (one of the site's content languages), or None to keep the request's own."""
    raw = (query.get("locale") or "").strip()
    if not raw:
        return None
    codes = [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES)]
    if raw not in codes:
        raise BadRequestError(
            _("Unknown locale: “%(value)s”. Use one of: %(codes)s") % {"value": raw[:20], "codes": ", ".join(codes)}
        )
    return raw


def filter_query(query) -> dict:
    """The filter parameters under the API's names (the endpoint's first names still read)."""
    values = {new: query[old] for old, new in LEGACY_PARAMS.items() if old in query}
    values.update({name: query[name] for name in API_PARAMS if name in query})
    return values


class OccurrencesAPIViewSet(QueryGuardMixin, BaseAPIViewSet):
    """Expanded occurrences between two dates, for a headless front end."""

    name = "occurrences"
    # The router finds an object's endpoint by model (`issubclass`): occurrences are not pages, so that an
    # activity's `detail_url` never points here, whatever order the host registers its endpoints in.
    model = Occurrence
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(
        {"start", "end", "locale", *API_PARAMS, *LEGACY_PARAMS}
    )

    def listing_view(self, request):
        language = requested_language(request.GET)
        if language is None:
            return self.listing(request)
        with translation.override(language):
            return self.listing(request)

    def listing(self, request):
        query = request.GET
        unknown = set(query) - self.known_query_parameters
        if unknown:
            raise BadRequestError(_("Unknown query parameter: %(names)s") % {"names": ", ".join(sorted(unknown))})
        refused = NOT_FOR_OCCURRENCES.intersection(query)
        if refused:
            raise BadRequestError(
                _("Occurrences come in time order and cannot be searched; leave out: %(names)s")
                % {"names": ", ".join(sorted(refused))}
            )
        first, last = parse_range(query)
        filters = api_filters(filter_query(query))
        fields = parse_fields(query.get("fields"))
        offset, limit = parse_page(query)
        total, found = occurrence_page(Window.of_days(first, last), filters, offset=offset, limit=limit)
        activity_links = ActivityLinks(request)
        return Response(
            {
                "meta": {"total_count": total, "start": first.isoformat(), "end": last.isoformat()},
                "items": [serialize(occurrence, activity_links, fields) for occurrence in found],
            }
        )

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


def register_endpoints(router) -> None:
    """Register the occurrences endpoint on the host's WagtailAPIRouter (whatever router it is given)."""
    router.register_endpoint("occurrences", OccurrencesAPIViewSet)
