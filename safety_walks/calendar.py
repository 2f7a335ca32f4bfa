"""Safety walks, follow-up meetings and public theme meetings, offered to the activity calendar
(estates.calendar; registered in wagtail_hooks.py). Each at its real time and place; a bounded number of
queries whatever the number of entries.

Each walk is the default locale's page (its meetings hang off it), titled and linked as the page that presents
it in the active language (its translation or alias: one query, none in the default language). Walks, due and
planned follow-up meetings read their walks as plain values with their areas (safety_walks.meeting_rows), one
query per kind found in the window."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from estates.calendar import CalendarEntry
from estates.i18n import presented
from estates.sql_names import quoted_names
from safety_walks.meeting_rows import CalendarWalk, calendar_walks
from safety_walks.models import FollowUpMeeting, ThemeMeeting, WalkPage
from safety_walks.selectors import public_walks

MEETING_LENGTH = timedelta(hours=2)


def public_meetings(*, start: datetime, end: datetime, area_slugs: list[str] | None) -> list[CalendarEntry]:
    """Usually little is on in a window of the calendar: one query bounded by the window says which walks and
    meetings of each kind lie there (public or not), and only those are read, through the rules of what is
    public (a query per kind found)."""
    in_window = _in_window(start, end)
    if not any(in_window):
        return []
    walks = _public_walks(area_slugs)  # the view restrictions are read once (Wagtail's public() reads them)
    found = [
        *(_walks(walks, in_window.walks) if in_window.walks else []),
        *(_theme_meetings(start, end, area_slugs, walks, in_window.theme_meetings) if in_window.theme_meetings else []),
        *_follow_up_meetings(walks, start, end, in_window),
    ]
    return _as_presented(found)


class _InWindow(NamedTuple):
    """The ids each kind has in the window, public or not (a coarse test: each kind's entries are then chosen
    exactly, among these)."""

    walks: set[int]  # walks that take place in the window
    due_follow_ups: set[int]  # walks whose follow-up meeting is due in the window and not planned yet
    theme_meetings: set[int]  # public theme meetings in the window
    planned_meetings: set[int]  # walks whose follow-up meeting is planned in the window


def _as_presented(found: list[tuple[CalendarWalk | WalkPage, CalendarEntry]]) -> list[CalendarEntry]:
    """(walk, entry) pairs as entries titled and linked as the page presenting the walk in the active language."""
    shown = presented({walk.pk: walk for walk, _entry in found}.values())
    entries = []
    for walk, entry in found:
        page = shown.get(walk.pk, walk)
        if page.pk != walk.pk:
            entry = replace(entry, url=page.url or entry.url)
            if entry.kind == "safety_walk":
                entry = replace(entry, title=page.title)
            elif entry.kind == "follow_up_meeting":
                entry = replace(entry, title=_("Follow-up meeting: %(walk)s") % {"walk": page.title})
        entries.append(entry)
    return entries


def _in_window(start: datetime, end: datetime) -> _InWindow:
    """The walks, due follow-ups, public theme meetings and planned follow-up meetings in the window, each public
    or not, as ids (one query, of the few rows the window holds). Meetings belong to walks, so without any walk
    there is nothing.

    Written as SQL: every calendar request asks, and building this query with Django's expressions cost more
    than running it. Walks and due follow-ups are found exactly (in the window; due in it without a meeting), so
    their entries are read among these ids through the public rules alone (`walks.filter(pk__in=ids)`); theme
    meetings and planned follow-ups are chosen again among theirs. Reading among the ids also spares the database
    checking the public and locale rules on every other page of the default locale (a site's thousands of
    activities): asked from those rules' side alone, SQLite starts from every page of the locale."""
    connection = connections[WalkPage.objects.db]
    ops = connection.ops
    walks, walk_id, walk_date, follow_up_date = quoted_names(ops, WalkPage, "page_ptr", "walk_date", "follow_up_date")
    meetings, meeting_walk, planned_on = quoted_names(ops, FollowUpMeeting, "walk", "planned_on")
    themes, theme_id, starts_at, is_public = quoted_names(
        ops, ThemeMeeting, ThemeMeeting._meta.pk.name, "starts_at", "is_public"
    )
    first_day, last_day = (ops.adapt_datefield_value(timezone.localdate(moment)) for moment in (start, end))
    start, end = ops.adapt_datetimefield_value(start), ops.adapt_datetimefield_value(end)
    sql = (
        f"SELECT 0, w.{walk_id} FROM {walks} w WHERE w.{walk_date} >= %s AND w.{walk_date} < %s"  # noqa: S608
        f" UNION ALL SELECT 1, d.{walk_id} FROM {walks} d WHERE d.{follow_up_date} >= %s AND d.{follow_up_date} <= %s"
        f" AND NOT EXISTS (SELECT 1 FROM {meetings} f WHERE f.{meeting_walk} = d.{walk_id})"
        f" UNION ALL SELECT 2, t.{theme_id} FROM {themes} t"
        f" WHERE t.{is_public} = %s AND t.{starts_at} >= %s AND t.{starts_at} < %s"
        f" UNION ALL SELECT 3, p.{meeting_walk} FROM {meetings} p WHERE p.{planned_on} >= %s AND p.{planned_on} <= %s"
    )
    found = _InWindow(set(), set(), set(), set())
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end, first_day, last_day, True, start, end, first_day, last_day])
        for kind, pk in cursor.fetchall():
            found[kind].add(pk)
    return found


def _public_walks(area_slugs):
    """The public walks, in any of the housing areas if given (as a subquery, so a walk's areas are read whole)."""
    walks = public_walks()
    if area_slugs:
        walks = walks.filter(pk__in=WalkPage.objects.order_by().filter(areas__slug__in=area_slugs).values("pk"))
    return walks


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _walks(walks, ids):
    """Every public walk at its time, from the meeting point: a planned one is an invitation. `ids`: the walks
    `_in_window` found taking place in the window (exactly: only the public rules are asked of them)."""
    entries = []
    for walk in calendar_walks(walks.filter(pk__in=ids)).values():
        ends = _at(timezone.localdate(walk.walk_date), walk.walk_ends_at) if walk.walk_ends_at else None
        entries.append(
            (
                walk,
                CalendarEntry(
                    uid=f"walk-{walk.pk}@boligsocial",
                    title=walk.title,
                    start=walk.walk_date,
                    end=ends if ends and ends > walk.walk_date else None,
                    url=walk.url,
                    place=walk.meeting_point,
                    description=walk.route_description,
                    kind="safety_walk",
                    area_slugs=walk.area_slugs,
                    last_modified=walk.last_published_at,
                ),
            )
        )
    return entries


def _theme_meetings(start, end, area_slugs, walks, ids):
    meetings = ThemeMeeting.objects.public().filter(pk__in=ids, starts_at__gte=start, starts_at__lt=end)
    if area_slugs:
        meetings = meetings.filter(walks__areas__slug__in=area_slugs).distinct()
    meetings = list(meetings.prefetch_related("walks__areas"))
    if not meetings:
        return []
    linked = {walk.pk for meeting in meetings for walk in meeting.walks.all()}
    public_walk_ids = set(
        (_public_walks(None) if area_slugs else walks).filter(pk__in=linked).values_list("pk", flat=True)
    )
    entries = []
    for meeting in meetings:
        live_walks = [walk for walk in meeting.walks.all() if walk.pk in public_walk_ids]
        if not live_walks:
            continue
        entries.append(
            (
                live_walks[0],
                CalendarEntry(
                    uid=f"thememeeting-{meeting.pk}@boligsocial",
                    title=_("Theme meeting: %(title)s") % {"title": meeting.title},
                    start=meeting.starts_at,
                    end=meeting.end or meeting.starts_at + MEETING_LENGTH,
                    url=live_walks[0].url,
                    place=meeting.place,
                    description=meeting.problem,
                    kind="theme_meeting",
                    area_slugs=tuple(sorted({area.slug for walk in live_walks for area in walk.areas.all()})),
                    # No last_modified: a theme meeting records no time of change (the feed writes a fixed DTSTAMP).
                ),
            )
        )
    return entries


def _follow_up_meetings(walks, start, end, in_window: _InWindow):
    """A planned follow-up meeting at its day, time and place (all day when no time is given yet); a walk
    whose meeting is not planned yet announces it, all day, on its due date. Either is looked for only among
    the walks `_in_window` found with one (the due ones exactly: due in the window, no meeting planned)."""
    first_day, last_day = timezone.localdate(start), timezone.localdate(end)
    entries = []
    if in_window.planned_meetings:
        meeting_walks = calendar_walks(walks.filter(pk__in=in_window.planned_meetings))
        meetings = (
            FollowUpMeeting.objects.filter(
                walk_id__in=list(meeting_walks), planned_on__gte=first_day, planned_on__lte=last_day
            )
            if meeting_walks
            else []
        )
        entries.extend(
            (meeting_walks[meeting.walk_id], _follow_up_entry(meeting_walks[meeting.walk_id], meeting))
            for meeting in meetings
        )
    if in_window.due_follow_ups:
        due_walks = calendar_walks(walks.filter(pk__in=in_window.due_follow_ups))
        entries.extend((walk, _follow_up_entry(walk, None)) for walk in due_walks.values())
    return [(walk, entry) for walk, entry in entries if start <= entry.start < end]


def _follow_up_entry(walk: CalendarWalk, meeting: FollowUpMeeting | None) -> CalendarEntry:
    """SEQUENCE follows the entry's one UID as it gets definite: the due date (0), a planned day (1), a time (2)."""
    timed = meeting is not None and meeting.start is not None
    changes = [walk.last_published_at, meeting.created_at if meeting is not None else None]
    return CalendarEntry(
        uid=f"followup-{walk.pk}@boligsocial",
        title=_("Follow-up meeting: %(walk)s") % {"walk": walk.title},
        start=meeting.start if timed else _at(meeting.planned_on if meeting else walk.follow_up_date, time.min),
        end=meeting.end if timed else None,
        all_day=not timed,
        url=walk.url,
        place=meeting.place if meeting is not None else "",
        kind="follow_up_meeting",
        area_slugs=walk.area_slugs,
        last_modified=max((change for change in changes if change), default=None),
        sequence=0 if meeting is None else 2 if timed else 1,
    )
