"""The walks the activity calendar's entries are made from (safety_walks/calendar.py), read as plain values (#15).

An entry needs a few fields of its walk (title, time, meeting point, address, housing areas). Reading whole
WalkPage objects with a prefetch of their areas cost a first visit to the calendar two queries and the set-up of a
Wagtail page object per walk; here the walks and their areas' slugs are one query of values (a row per walk and
housing area, as walk_overview reads the walk list), and their addresses are worked out as `walk.url` gives them,
once per parent (estates.page_addresses.page_urls).

Which walks are read is the caller's queryset's (public_walks and the window): no rule is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet

from estates.page_addresses import page_urls

VALUES = (
    "pk",
    "title",
    "url_path",
    "translation_key",
    "locale_id",
    "walk_date",
    "walk_ends_at",
    "meeting_point",
    "route_description",
    "last_published_at",
    "follow_up_date",
)


@dataclass(frozen=True)
class CalendarWalk:
    """What a calendar entry reads of its walk (the default locale's page); `pk`, `translation_key` and
    `locale_id` are what estates.i18n.presented asks of a page."""

    pk: int
    title: str
    url_path: str
    translation_key: object
    locale_id: int
    walk_date: datetime | None
    walk_ends_at: time | None
    meeting_point: str
    route_description: str
    last_published_at: datetime | None
    follow_up_date: date | None
    area_slugs: tuple[str, ...]  # in slug order
    url: str | None  # as `walk.url` gives it


def calendar_walks(walks: QuerySet) -> dict[int, CalendarWalk]:
    """{walk id: CalendarWalk} for the walks of the queryset (a WalkPage queryset), in its order, in one query.

    A queryset that joins the housing areas (narrowed by area) is asked as a subquery: its join would leave each
    walk only the areas it matched."""
    model = walks.model
    areas_table = model.areas.through._meta.db_table
    if any(join.table_name == areas_table for join in walks.query.alias_map.values()):
        walks = model.objects.filter(pk__in=walks.order_by().values("pk"))
    rows = walks.values_list(*VALUES, "areas__slug")
    fields, slugs = {}, {}
    for *values, slug in rows:
        walk_slugs = slugs.get(values[0])
        if walk_slugs is None:
            fields[values[0]] = values
            walk_slugs = slugs[values[0]] = []
        if slug is not None:
            walk_slugs.append(slug)
    if not fields:
        return {}
    # Bare page objects of the walks' own type, only for working out their addresses as Wagtail does.
    urls = page_urls(model(pk=pk, url_path=values[2]) for pk, values in fields.items())
    return {
        pk: CalendarWalk(*values, area_slugs=tuple(sorted(slugs[pk])), url=urls[pk]) for pk, values in fields.items()
    }
