"""What the list of walks (WalkIndexPage) knows from one flat read of its live, public walks: a row per walk and
housing area (#18: the feed links, the upcoming block, the filter's years and the paging's count, and the walk
cards' areas each asked a query of their own).

Imports no model (the page models import it)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class WalkOverview:
    now: datetime  # the moment the walks were split into past and ahead
    area_ids: set[int]  # the housing areas with a walk in the list (their Atom feeds)
    any_ahead: bool  # whether a walk lies ahead (the upcoming block asks for those walks)
    past_per_year: dict[int, int]  # how many walks have been, per year (in the site's time), newest first
    areas_of: dict[int, list[int]]  # the ids of each walk's housing areas

    def area_names(self, areas) -> dict[int, list[str]]:
        """Each walk's housing areas' names in the order of `areas` (every housing area, in name order:
        HousingArea.objects.for_request), by the walk's id."""
        names = {area.pk: area.name for area in areas}
        position = {area.pk: n for n, area in enumerate(areas)}
        return {
            walk_id: [names[area_id] for area_id in sorted(area_ids, key=position.__getitem__)]
            for walk_id, area_ids in self.areas_of.items()
        }


def walk_overview(walks: QuerySet) -> WalkOverview:
    """The overview of the walks, read as (id, walk date, area id) rows: a walk in two areas counts once."""
    now = timezone.now()
    area_ids, any_ahead, areas_of, past_years = set(), False, {}, {}
    for walk_id, walk_date, area_id in walks.order_by().values_list("pk", "walk_date", "areas"):
        walk_areas = areas_of.setdefault(walk_id, [])
        if area_id is not None:
            area_ids.add(area_id)
            walk_areas.append(area_id)
        if walk_date > now:
            any_ahead = True
        elif walk_id not in past_years:
            past_years[walk_id] = timezone.localtime(walk_date).year
    per_year = {}
    for year in past_years.values():
        per_year[year] = per_year.get(year, 0) + 1
    past_per_year = {year: per_year[year] for year in sorted(per_year, reverse=True)}
    return WalkOverview(now=now, area_ids=area_ids, any_ahead=any_ahead, past_per_year=past_per_year, areas_of=areas_of)
