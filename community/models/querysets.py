"""The community app's domain reads, each rule defined once: every view, feed, API, report and reminder asks these.

`ActivityPage.objects.published().of_calendar(calendar).overlapping(window)` reads as the rule it is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import models
from django.db.models import Count, Max, Q, Subquery
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from community.choices import TargetGroupCode
from community.recurrence import Window
from estates.i18n import default_locale_id, in_source_locale, is_source

# Only the activity's own page reads the long description; lists, feeds and the API do not need it.
NOT_IN_LISTS = ("body",)


class ActivityPageQuerySet(PageQuerySet):
    def published(self):
        """What residents may see: live and not behind a privacy setting."""
        return self.live().public()

    def of_calendar(self, calendar):
        """The activities under the calendar's page in the default locale: a calendar read in Arabic lists
        the same (Danish) activities, each once, and presents them in Arabic (estates.i18n).

        For a translation or alias the default locale's calendar is found inside the same query (a translated
        tree mirrors the Danish one: the same depth), not read first."""
        if is_source(calendar):
            # Wagtail's child_of() as the children's path interval (treebeard's get_children): `path LIKE ..
            # ESCAPE` cannot use the path index on SQLite, so every page of the site was read to list them.
            return self.filter(
                depth=calendar.depth + 1, path__range=calendar._get_children_path_interval(calendar.path)
            )
        source_path = Page.objects.filter(
            translation_key=calendar.translation_key, locale_id=default_locale_id()
        ).values("path")[:1]
        return self.filter(depth=calendar.depth + 1, path__startswith=Subquery(source_path))

    def in_source_locale(self):
        """One row per activity however many languages it is presented in (its translations and aliases
        carry no occurrences, sign-ups or attendance: the default locale's page does)."""
        return in_source_locale(self)

    def overlapping(self, window: Window):
        """Activities with an occurrence that overlaps the window (by the span kept on save)."""
        return self.filter(series_start__lt=window.end, series_end__gt=window.start)

    def not_over_before(self, moment: datetime):
        """Activities with an occurrence still going on or to come at `moment`."""
        return self.filter(series_end__gt=moment)

    def in_area(self, area):
        """Activities in the housing area, and those for the whole estate (no area)."""
        return self.filter(Q(areas=area) | Q(areas__isnull=True)).distinct()

    def for_target_group(self, code: str):
        """Activities for the target group, and those for all residents."""
        return self.filter(target_groups__code__in={code, TargetGroupCode.ALL_RESIDENTS.value}).distinct()

    def with_theme(self, theme: str):
        return self.filter(theme=theme)

    def for_lists(self):
        """In time order, without the long description."""
        return self.defer(*NOT_IN_LISTS).order_by("series_start", "pk")

    def with_schedules(self) -> list:
        """The activities (a list) with their exceptions, housing areas and target groups, one query each."""
        return load_schedules(self)

    def publishing_stamp(self) -> str:
        """Changes whenever one of the activities is published, unpublished or deleted (one query)."""
        stats = self.aggregate(live=Count("pk", filter=Q(live=True)), published=Max("last_published_at"))
        published = stats["published"].timestamp() if stats["published"] else 0
        return f"{stats['live']}-{published}"


class ActivityPageManager(PageManager.from_queryset(ActivityPageQuerySet)):
    def attach_card_details(self, activities) -> list:
        """Housing areas and target-group codes for activities already loaded (with stored occurrences):
        what an occurrence's card shows. One query each, however many activities."""
        return load_schedules(activities, exceptions=False)


def load_schedules(activities, *, exceptions: bool = True) -> list:
    """Attach exceptions, housing areas and target-group codes to already chosen activities.

    Django's prefetch_related builds a queryset per activity and relation, which costs more than the
    expansion itself for thousands of activities; this reads the three relations as plain rows instead.
    An activity may appear more than once (one instance per stored occurrence): each gets the lists.
    """
    activities = list(activities)
    if not activities:
        return activities
    model = type(activities[0])
    ids = sorted({activity.pk for activity in activities})
    loaded_exceptions, areas, codes = defaultdict(list), defaultdict(list), defaultdict(list)
    if exceptions:
        exception_model = model._meta.get_field("occurrence_exceptions").related_model
        for exception in exception_model.objects.filter(page_id__in=ids).order_by("occurrence_date"):
            loaded_exceptions[exception.page_id].append(exception)
    area_links = model.areas.through.objects.filter(activitypage_id__in=ids).select_related("housingarea")
    for link in area_links.order_by("housingarea__name"):
        areas[link.activitypage_id].append(link.housingarea)
    group_links = model.target_groups.through.objects.filter(activitypage_id__in=ids)
    for page_id, code in group_links.order_by("targetgroup__sort_order").values_list(
        "activitypage_id", "targetgroup__code"
    ):
        codes[page_id].append(code)
    for activity in activities:
        if exceptions:
            activity.loaded_exceptions = loaded_exceptions[activity.pk]
        activity.loaded_areas = areas[activity.pk]
        activity.__dict__["target_group_codes"] = codes[activity.pk]
    return activities


class CalendarPageQuerySet(PageQuerySet):
    def published(self):
        return self.live().public()

    def in_source_locale(self):
        return in_source_locale(self)

    def first_of_site(self, site=None):
        """The site's calendar (the first in the page tree), or None."""
        calendars = self
        if site is not None:
            calendars = calendars.descendant_of(site.root_page, inclusive=True)
        return calendars.order_by("path").first()


CalendarPageManager = PageManager.from_queryset(CalendarPageQuerySet)


class AttendanceQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(occurrence_date__year=year)

    def in_area(self, area):
        """Attendance at activities in the housing area (an activity in two areas counts in both)."""
        return self.filter(activity__areas=area)

    def for_target_group(self, code: str):
        """Attendance at activities for exactly this target group."""
        return self.filter(activity__target_groups__code=code)

    def recorded_dates(self, activity_ids) -> set[tuple[int, object]]:
        """(activity id, occurrence date) pairs that already have attendance recorded."""
        return set(self.filter(activity_id__in=list(activity_ids)).values_list("activity_id", "occurrence_date"))
