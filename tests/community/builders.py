"""Builders for the calendar's tests and benchmark: real calendar and activity pages with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page

from community.choices import Recurrence, TargetGroupCode, Theme
from community.models import ActivityPage, CalendarPage, OccurrenceException, TargetGroup
from community.recurrence import localize, series_bounds
from tests.builders import make_home_page

_counter = itertools.count(1)


def local(year, month, day, hour=0, minute=0) -> datetime:
    """An aware Europe/Copenhagen wall-clock time."""
    return localize(datetime(year, month, day, hour, minute))


def groups(*codes: str) -> list[TargetGroup]:
    """The target groups (seeded by a migration; created here if a database was built without it)."""
    found = []
    for order, code in enumerate(TargetGroupCode.values):
        if code in codes:
            found.append(TargetGroup.objects.get_or_create(code=code, defaults={"sort_order": order})[0])
    return found


def make_calendar(**kwargs) -> CalendarPage:
    home = kwargs.pop("parent", None) or make_home_page()
    kwargs.setdefault("title", "Aktiviteter")
    kwargs.setdefault("slug", "aktiviteter")
    existing = CalendarPage.objects.child_of(home).filter(slug=kwargs["slug"]).first()
    return existing or home.add_child(instance=CalendarPage(**kwargs))


def make_activity(calendar: CalendarPage, **kwargs) -> ActivityPage:
    """A published activity. Pass `target_groups`/`areas` as lists and `exceptions` as dicts."""
    n = next(_counter)
    start = kwargs.pop("starts_at", None) or timezone.now().replace(microsecond=0) + timedelta(days=2)
    kwargs.setdefault("title", f"Aktivitet {n}")
    kwargs.setdefault("slug", f"aktivitet-{n}")
    kwargs.setdefault("intro", "Kom og vær med.")
    kwargs.setdefault("ends_at", start + timedelta(hours=2))
    kwargs.setdefault("place_name", "Beboerhuset")
    kwargs.setdefault("organiser", "Det boligsociale team")
    target_groups = kwargs.pop("target_groups", None) or groups(TargetGroupCode.ALL_RESIDENTS)
    areas = kwargs.pop("areas", [])
    exceptions = kwargs.pop("exceptions", [])
    activity = ActivityPage(starts_at=start, **kwargs)
    activity.target_groups = target_groups
    activity.areas = areas
    activity.occurrence_exceptions = [OccurrenceException(**exception) for exception in exceptions]
    calendar.add_child(instance=activity)
    return activity


def bulk_activities(calendar: CalendarPage, count: int, *, first_day: date, recurring_every: int = 5) -> None:
    """Many published activities fast (for query-bound tests and the benchmark): page rows in one insert.

    Every `recurring_every`th activity repeats weekly for eight weeks; the others happen once, spread
    over the four weeks from `first_day`. Each is for all residents, in no particular area.
    """
    content_type = ContentType.objects.get_for_model(ActivityPage)
    everyone = groups(TargetGroupCode.ALL_RESIDENTS)[0]
    calendar = Page.objects.get(pk=calendar.pk)
    start_number = calendar.numchild
    pages = []
    activities = []
    for n in range(count):
        number = start_number + n + 1
        start = localize(datetime.combine(first_day + timedelta(days=n % 28), time(9 + n % 10, 0)))
        recurring = n % recurring_every == 0
        activity = ActivityPage(
            title=f"Aktivitet {number}",
            slug=f"bulk-aktivitet-{number}",
            intro="Kom og vær med.",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            recurrence=Recurrence.WEEKLY if recurring else Recurrence.NONE,
            recurrence_until=first_day + timedelta(weeks=8) if recurring else None,
            place_name="Beboerhuset",
            organiser="Det boligsociale team",
            theme=Theme.NEIGHBOURLINESS,
        )
        activity.series_start, activity.series_end = series_bounds(activity)
        activities.append(activity)
        pages.append(
            Page(
                title=activity.title,
                draft_title=activity.title,
                slug=activity.slug,
                content_type=content_type,
                path=calendar._get_path(calendar.path, calendar.depth + 1, number),
                depth=calendar.depth + 1,
                numchild=0,
                url_path=f"{calendar.url_path}{activity.slug}/",
                live=True,
                first_published_at=timezone.now(),
                last_published_at=timezone.now(),
                locale_id=calendar.locale_id,
            )
        )
    created = Page.objects.bulk_create(pages)
    for page, activity in zip(created, activities, strict=True):
        for field in Page._meta.concrete_fields:
            setattr(activity, field.attname, getattr(page, field.attname))
        activity.page_ptr_id = page.pk
        activity.save_base(raw=True)  # only the ActivityPage row; the Page row exists
    ActivityPage.target_groups.through.objects.bulk_create(
        [ActivityPage.target_groups.through(activitypage_id=page.pk, targetgroup_id=everyone.pk) for page in created]
    )
    Page.objects.filter(pk=calendar.pk).update(numchild=start_number + count)
