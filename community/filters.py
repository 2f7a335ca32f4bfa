"""The calendar's filters (housing area, target group, theme) read from and written to web addresses.

Every view and the feed take the same query parameters, so a filtered view is a shareable link:
`?omraade=nordparken&maalgruppe=boern&tema=laering`. An unknown value is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from community.choices import MEETINGS_THEME, TargetGroupCode, Theme
from estates.models import HousingArea

AREA_PARAM = "omraade"
TARGET_GROUP_PARAM = "maalgruppe"
THEME_PARAM = "tema"
PAGE_PARAM = "side"


def choosable_areas() -> list:
    """The housing areas a resident can filter by (one query, what the filter form and links need)."""
    return list(HousingArea.objects.only("pk", "name", "slug"))


@dataclass(frozen=True)
class CalendarFilters:
    area: object = None  # an estates.HousingArea
    target_group: str = ""  # a TargetGroupCode value
    theme: str = ""  # a Theme value
    errors: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query, areas) -> CalendarFilters:
        """Read the filters from request.GET; `areas` is the list of housing areas to choose from."""
        errors = []
        area = None
        area_slug = (query.get(AREA_PARAM) or "").strip()
        if area_slug:
            area = next((candidate for candidate in areas if candidate.slug == area_slug), None)
            if area is None:
                errors.append(_("We do not know the housing area “%(value)s”.") % {"value": area_slug[:80]})
        target_group = (query.get(TARGET_GROUP_PARAM) or "").strip()
        if target_group and target_group not in TargetGroupCode.values:
            errors.append(_("We do not know the target group “%(value)s”.") % {"value": target_group[:80]})
            target_group = ""
        theme = (query.get(THEME_PARAM) or "").strip()
        if theme and theme not in Theme.values:
            errors.append(_("We do not know the theme “%(value)s”.") % {"value": theme[:80]})
            theme = ""
        return cls(area=area, target_group=target_group, theme=theme, errors=tuple(errors))

    @property
    def is_active(self) -> bool:
        return bool(self.area or self.target_group or self.theme)

    @property
    def params(self) -> dict[str, str]:
        params = {}
        if self.area is not None:
            params[AREA_PARAM] = self.area.slug
        if self.target_group:
            params[TARGET_GROUP_PARAM] = self.target_group
        if self.theme:
            params[THEME_PARAM] = self.theme
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

    def apply(self, activities):
        """Narrow an ActivityPage queryset. Activities without an area, or for all residents, always match."""
        if self.area is not None:
            activities = activities.in_area(self.area)
        if self.target_group:
            activities = activities.for_target_group(self.target_group)
        if self.theme:
            activities = activities.with_theme(self.theme)
        return activities

    @property
    def includes_meetings(self) -> bool:
        """Theme and follow-up meetings are for all residents and about safety."""
        if self.target_group and self.target_group != TargetGroupCode.ALL_RESIDENTS:
            return False
        return not self.theme or self.theme == MEETINGS_THEME
