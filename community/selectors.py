"""The pull: the queries behind the calendar, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import Count, Max, Q

from community.models import ActivityPage, Attendance, CalendarPage, OccurrenceException

# Only the page reads the long description; lists, feeds and the API do not need it.
NOT_IN_LISTS = ("body",)


def with_schedules(activities) -> list[ActivityPage]:
    """The activities with their exceptions, housing areas and target groups: one query each.

    Django's prefetch_related builds a queryset per activity and relation, which costs more than the
    expansion itself for thousands of activities; this reads the three relations as plain rows instead.
    """
    activities = list(activities)
    ids = [activity.pk for activity in activities]
    exceptions, areas, codes = defaultdict(list), defaultdict(list), defaultdict(list)
    if ids:
        for exception in OccurrenceException.objects.filter(page_id__in=ids).order_by("occurrence_date"):
            exceptions[exception.page_id].append(exception)
        area_links = ActivityPage.areas.through.objects.filter(activitypage_id__in=ids).select_related("housingarea")
        for link in area_links.order_by("housingarea__name"):
            areas[link.activitypage_id].append(link.housingarea)
        group_links = ActivityPage.target_groups.through.objects.filter(activitypage_id__in=ids)
        for page_id, code in group_links.order_by("targetgroup__sort_order").values_list(
            "activitypage_id", "targetgroup__code"
        ):
            codes[page_id].append(code)
    for activity in activities:
        activity.loaded_exceptions = exceptions[activity.pk]
        activity.loaded_areas = areas[activity.pk]
        activity.__dict__["target_group_codes"] = codes[activity.pk]
    return activities


def published_activities(*, calendar: CalendarPage | None = None):
    activities = ActivityPage.objects.live().public()
    if calendar is not None:
        activities = activities.child_of(calendar)
    return activities


def activities_overlapping(*, start: datetime, end: datetime, calendar=None, filters=None):
    """Published activities with an occurrence in [start, end), ready for expansion (a list)."""
    activities = published_activities(calendar=calendar).filter(series_start__lt=end, series_end__gt=start)
    if filters is not None:
        activities = filters.apply(activities)
    return with_schedules(activities.defer(*NOT_IN_LISTS).order_by("series_start", "pk"))


def activities_since(*, since: datetime, calendar=None, filters=None):
    """Published activities not over before `since`: what the iCalendar feed carries (a list)."""
    activities = published_activities(calendar=calendar).filter(series_end__gt=since)
    if filters is not None:
        activities = filters.apply(activities)
    return with_schedules(activities.defer(*NOT_IN_LISTS).order_by("series_start", "pk"))


def recorded_dates(activity_ids) -> set[tuple[int, object]]:
    """(activity id, occurrence date) pairs that already have attendance recorded."""
    return set(
        Attendance.objects.filter(activity_id__in=list(activity_ids)).values_list("activity_id", "occurrence_date")
    )


def publishing_stamp(calendar: CalendarPage) -> str:
    """Changes whenever an activity of the calendar is published, unpublished or deleted (one query)."""
    stats = ActivityPage.objects.descendant_of(calendar).aggregate(
        live=Count("pk", filter=Q(live=True)), published=Max("last_published_at")
    )
    published = stats["published"].timestamp() if stats["published"] else 0
    return f"{stats['live']}-{published}"


def first_calendar(*, site=None) -> CalendarPage | None:
    calendars = CalendarPage.objects.live().public()
    if site is not None:
        calendars = calendars.descendant_of(site.root_page, inclusive=True)
    return calendars.order_by("path").first()
