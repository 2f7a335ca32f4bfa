"""The calendar's own lists (upcoming and past): a page of occurrences read as plain values for their cards.

A card shows a few fields of its activity (title, address, intro, place, target groups, housing areas). Reading
them as Wagtail page objects cost more than the rest of the list: each page object of a row runs the page's and
modelcluster's set-up over some sixty fields, twenty times a page. Here the page of rows is one query of values
(the row and its activity's card fields) and the activities' housing areas and target groups one more, and each
activity is a `CardActivity`: what `community.cards` and the list read of an ActivityPage, and no more.

Like community/views.py this module imports no models: the rows are reached through the list's queryset.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db import connections

from community.activity_facts import ActivityFacts
from community.occurrences import OccurrenceList, as_presented
from community.recurrence import Occurrence, to_local
from estates.sql_names import quoted_names


@dataclass(frozen=True)
class CardArea:
    """A housing area as a card names it."""

    pk: int
    name: str
    slug: str


@dataclass
class CardActivity(ActivityFacts):
    """What an occurrence's card and the calendar's list read of its activity (the default locale's page)."""

    pk: int
    title: str
    slug: str
    translation_key: object
    locale_id: int
    intro: str
    cancellation_note: str
    place_name: str
    place_address: str
    area_list: list = field(default_factory=list)  # CardArea, in name order
    target_group_codes: list = field(default_factory=list)  # in the groups' order

    @property
    def id(self) -> int:
        return self.pk


# The row's fields, then its activity's (the order CardActivity takes them in).
ROW_VALUES = ("start", "end", "all_day", "cancelled", "moved_from", "recurrence_id", "note", "activity_id")
ACTIVITY_VALUES = (
    "activity__title",
    "activity__slug",
    "activity__translation_key",
    "activity__locale_id",
    "activity__intro",
    "activity__cancellation_note",
    "activity__place_name",
    "activity__place_address",
)
AREA, TARGET_GROUP = 0, 1


def card_occurrences(rows, url_of_slug) -> list[Occurrence]:
    """Stored rows (a sliced, ordered queryset) as Occurrences for cards, each titled and linked as the active
    language presents its activity: the rows with their activities' card fields in one query, their housing
    areas and target groups in one more (none without rows), the presenting pages in one more outside Danish.
    An activity no other page presents is linked at `url_of_slug(slug)` (activities are children of their
    calendar: no asking Wagtail for each card's site and root path)."""
    found = list(rows.values_list(*ROW_VALUES, *ACTIVITY_VALUES))
    if not found:
        return []
    activities: dict[int, CardActivity] = {}
    for values in found:
        activity_id = values[7]
        if activity_id not in activities:
            activities[activity_id] = CardActivity(activity_id, *values[8:])
    _attach_areas_and_groups(rows.model._meta.get_field("activity").related_model, activities)
    occurrences = []
    for start, end, all_day, cancelled, moved_from, recurrence_id, note, activity_id, *_activity in found:
        activity = activities[activity_id]
        occurrences.append(
            Occurrence(  # as StoredOccurrence.as_occurrence
                uid=activity.ical_uid,
                title=activity.title,
                start=to_local(start),
                end=to_local(end),
                all_day=all_day,
                cancelled=cancelled,
                moved_from=to_local(moved_from) if moved_from else None,
                recurrence_id=to_local(recurrence_id) if recurrence_id else None,
                note=note,
                place=activity.place_label,
                activity=activity,
                activity_id=activity_id,
                link=url_of_slug(activity.slug),
            )
        )
    # A translation or alias presenting the activity gives its own address (one without any gets the slug's).
    return [
        occurrence if occurrence.link else replace(occurrence, link=url_of_slug(occurrence.activity.slug))
        for occurrence in as_presented(occurrences)
    ]


def _attach_areas_and_groups(activity_model, activities: dict[int, CardActivity]) -> None:
    """Each activity's housing areas (in name order) and target-group codes (in the groups' order), in one query:
    the two link tables read as one list of (kind, activity, order, area name or group code, area id, area slug).

    Written as SQL: building this union with Django's expressions cost more than running it (as `_kinds_in`)."""
    connection = connections[activity_model.objects.db]
    ops = connection.ops
    area_links, area_page, area_id = quoted_names(ops, activity_model.areas.through, "activitypage", "housingarea")
    area_model, group_model = activity_model.areas.rel.model, activity_model.target_groups.rel.model
    areas, area_pk, name, slug = quoted_names(ops, area_model, area_model._meta.pk.name, "name", "slug")
    group_links, group_page, group_id = quoted_names(
        ops, activity_model.target_groups.through, "activitypage", "targetgroup"
    )
    groups, group_pk, sort_order, code = quoted_names(ops, group_model, group_model._meta.pk.name, "sort_order", "code")
    ids = sorted(activities)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT {AREA}, l.{area_page}, 0, a.{name}, a.{area_pk}, a.{slug} FROM {area_links} l"  # noqa: S608
        f" INNER JOIN {areas} a ON a.{area_pk} = l.{area_id} WHERE l.{area_page} IN ({marks})"
        f" UNION ALL SELECT {TARGET_GROUP}, l.{group_page}, g.{sort_order}, g.{code}, NULL, '' FROM {group_links} l"
        f" INNER JOIN {groups} g ON g.{group_pk} = l.{group_id} WHERE l.{group_page} IN ({marks})"
        " ORDER BY 1, 3, 4"
    )
    links = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *ids])
        for kind, activity_id, _order, text, pk, slug in cursor.fetchall():
            links[kind, activity_id].append(CardArea(pk, text, slug) if kind == AREA else text)
    for activity_id, activity in activities.items():
        activity.area_list = links[AREA, activity_id]
        activity.target_group_codes = links[TARGET_GROUP, activity_id]


class CalendarList(OccurrenceList):
    """An OccurrenceList whose rows are read for their cards (`card_occurrences`, linked at `url_of_slug(slug)`):
    what the calendar's upcoming and past lists page through. Meetings are merged in at their places as
    OccurrenceList places them."""

    def __init__(self, activities, window, *, url_of_slug, **options):
        super().__init__(activities, window, **options)
        self.url_of_slug = url_of_slug

    def read_rows(self, rows) -> list[Occurrence]:
        return card_occurrences(rows, self.url_of_slug)
