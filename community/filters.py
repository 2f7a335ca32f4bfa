"""The calendar's filters (housing area, target group, theme, across generations) read from and written to
web addresses, and read from the API's parameters.

Every view and the feed take the same query parameters, so a filtered view is a shareable link:
`?omraade=nordparken&maalgruppe=boern&tema=laering&generationer=ja`. The API names them as a front-end
developer expects (`areas`, `target_groups`, `theme`, `across_generations=true|false`, see `from_api_query`).
An unknown value is reported, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import reduce
from itertools import combinations
from operator import or_
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from community.choices import AGE_BANDS, MEETINGS_THEME, TargetGroupCode, Theme
from estates.models import HousingArea

AREA_PARAM = "omraade"
TARGET_GROUP_PARAM = "maalgruppe"
THEME_PARAM = "tema"
GENERATIONS_PARAM = "generationer"
GENERATIONS_YES = "ja"  # the one value the calendar's checkbox sends
PAGE_PARAM = "side"

# The same filters in the API (the pages endpoint with `type=community.ActivityPage`, `activities`,
# `occurrences`): named after the fields the API shows, values as the API shows them.
API_AREAS, API_TARGET_GROUPS, API_THEME, API_GENERATIONS = "areas", "target_groups", "theme", "across_generations"
API_PARAMS = frozenset({API_AREAS, API_TARGET_GROUPS, API_THEME, API_GENERATIONS})
API_TRUE, API_FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})  # as Wagtail's own boolean filters


def joining_generations(activities):
    """Activities whose target groups span two age bands: the queryset twin of `choices.joins_generations`
    (the badge on the cards), read from the same `AGE_BANDS`, as one WHERE clause of EXISTS subqueries."""
    links = activities.model.target_groups.through.objects
    codes_of_band = defaultdict(list)
    for code, band in AGE_BANDS.items():
        codes_of_band[band].append(code)
    has_band = {
        band: Exists(links.filter(activitypage_id=OuterRef("pk"), targetgroup__code__in=codes))
        for band, codes in codes_of_band.items()
    }
    return activities.filter(reduce(or_, (has_band[one] & has_band[other] for one, other in combinations(has_band, 2))))


def choosable_areas(request=None) -> list:
    """The housing areas a resident can filter by (id, name and slug in name order: what the filter form and
    links need), read once per request: the site's header offers the same list."""
    return HousingArea.objects.for_request(request)


@dataclass(frozen=True)
class CalendarFilters:
    area: object = None  # an estates.HousingArea
    target_group: str = ""  # a TargetGroupCode value
    theme: str = ""  # a Theme value
    # True: only activities across generations; False (the API's `across_generations=false`): none of them.
    across_generations: bool | None = None
    errors: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query, areas) -> CalendarFilters:
        """Read the filters from request.GET; `areas` is the list of housing areas to choose from."""
        generations = (query.get(GENERATIONS_PARAM) or "").strip()
        filters = cls.from_values(
            areas,
            area_slug=query.get(AREA_PARAM) or "",
            target_group=query.get(TARGET_GROUP_PARAM) or "",
            theme=query.get(THEME_PARAM) or "",
            across_generations=True if generations == GENERATIONS_YES else None,
        )
        if generations and generations != GENERATIONS_YES:
            error = _("“Across generations” is ticked or left out; we do not know “%(value)s”.") % {
                "value": generations[:80]
            }
            return replace(filters, errors=(*filters.errors, error))
        return filters

    @classmethod
    def from_api_query(cls, query, areas) -> CalendarFilters:
        """Read the API's parameters (`areas`, `target_groups`, `theme`, `across_generations`)."""
        raw = (query.get(API_GENERATIONS) or "").strip()
        across_generations = True if raw in API_TRUE else False if raw in API_FALSE else None
        filters = cls.from_values(
            areas,
            area_slug=query.get(API_AREAS) or "",
            target_group=query.get(API_TARGET_GROUPS) or "",
            theme=query.get(API_THEME) or "",
            across_generations=across_generations,
        )
        if raw and across_generations is None:
            error = _("across_generations is true or false, not “%(value)s”.") % {"value": raw[:80]}
            return replace(filters, errors=(*filters.errors, error))
        return filters

    @classmethod
    def from_values(cls, areas, *, area_slug: str, target_group: str, theme: str, across_generations=None):
        errors = []
        area = None
        area_slug = area_slug.strip()
        if area_slug:
            area = next((candidate for candidate in areas if candidate.slug == area_slug), None)
            if area is None:
                errors.append(_("We do not know the housing area “%(value)s”.") % {"value": area_slug[:80]})
        target_group = target_group.strip()
        if target_group and target_group not in TargetGroupCode.values:
            errors.append(_("We do not know the target group “%(value)s”.") % {"value": target_group[:80]})
            target_group = ""
        theme = theme.strip()
        if theme and theme not in Theme.values:
            errors.append(_("We do not know the theme “%(value)s”.") % {"value": theme[:80]})
            theme = ""
        return cls(
            area=area,
            target_group=target_group,
            theme=theme,
            across_generations=across_generations,
            errors=tuple(errors),
        )

    @property
    def is_active(self) -> bool:
        return bool(self.area or self.target_group or self.theme or self.across_generations is not None)

    @property
    def params(self) -> dict[str, str]:
        params = {}
        if self.area is not None:
            params[AREA_PARAM] = self.area.slug
        if self.target_group:
            params[TARGET_GROUP_PARAM] = self.target_group
        if self.theme:
            params[THEME_PARAM] = self.theme
        if self.across_generations:  # the calendar's checkbox; `False` exists in the API only
            params[GENERATIONS_PARAM] = GENERATIONS_YES
        return params

    def query_string(self, **extra) -> str:
        """`?omraade=...&...` for links that keep the filters (empty when there are none)."""
        params = {**self.params, **{key: value for key, value in extra.items() if value not in (None, "")}}
        return "?" + urlencode(params) if params else ""

    @property
    def area_slugs(self) -> list[str] | None:
        return [self.area.slug] if self.area is not None else None

    @property
    def target_group_label(self) -> str:
        return str(TargetGroupCode(self.target_group).label) if self.target_group else ""

    @property
    def theme_label(self) -> str:
        return str(Theme(self.theme).label) if self.theme else ""

    @property
    def generations_label(self) -> str:
        """For a feed's name: what the selection adds, like `theme_label`."""
        return _("Across generations") if self.across_generations else ""

    def apply(self, activities):
        """Narrow an ActivityPage queryset. Activities without an area, or for all residents, always match."""
        if self.area is not None:
            activities = activities.in_area(self.area)
        if self.target_group:
            activities = activities.for_target_group(self.target_group)
        if self.theme:
            activities = activities.with_theme(self.theme)
        if self.across_generations is True:
            activities = joining_generations(activities)
        elif self.across_generations is False:
            activities = activities.exclude(pk__in=joining_generations(activities.model.objects.all()).values("pk"))
        return activities

    @property
    def includes_meetings(self) -> bool:
        """Theme and follow-up meetings are for all residents and about safety; "all residents" is no age
        band, so a meeting is never across generations (as an activity for all residents is not)."""
        if self.target_group and self.target_group != TargetGroupCode.ALL_RESIDENTS:
            return False
        if self.across_generations:
            return False
        return not self.theme or self.theme == MEETINGS_THEME
