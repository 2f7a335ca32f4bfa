"""Public theme meetings and follow-up meetings, offered to the activity calendar (estates.calendar)."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from estates.calendar import CalendarEntry
from safety_walks.models import ThemeMeeting, WalkPage

MEETING_LENGTH = timedelta(hours=2)


def public_meetings(*, start: datetime, end: datetime, area_slugs: list[str] | None) -> list[CalendarEntry]:
    return [*_theme_meetings(start, end, area_slugs), *_follow_up_meetings(start, end, area_slugs)]


def _theme_meetings(start, end, area_slugs):
    meetings = ThemeMeeting.objects.public().filter(starts_at__gte=start, starts_at__lt=end)
    if area_slugs:
        meetings = meetings.filter(walks__areas__slug__in=area_slugs).distinct()
    meetings = meetings.prefetch_related("walks__areas")
    public_walk_ids = set(WalkPage.objects.live().public().values_list("pk", flat=True))
    entries = []
    for meeting in meetings:
        live_walks = [walk for walk in meeting.walks.all() if walk.pk in public_walk_ids]
        if not live_walks:
            continue
        entries.append(
            CalendarEntry(
                uid=f"thememeeting-{meeting.pk}@boligsocial",
                title=_("Theme meeting: %(title)s") % {"title": meeting.title},
                start=meeting.starts_at,
                end=meeting.starts_at + MEETING_LENGTH,
                url=live_walks[0].url,
                place=meeting.place,
                description=meeting.problem,
                kind="theme_meeting",
                area_slugs=tuple(sorted({area.slug for walk in live_walks for area in walk.areas.all()})),
            )
        )
    return entries


def _follow_up_meetings(start, end, area_slugs):
    """A walk's follow-up meeting is announced, all day, on its due date until it has been held."""
    walks = (
        WalkPage.objects.live()
        .public()
        .filter(
            follow_up_date__gte=timezone.localdate(start),
            follow_up_date__lt=timezone.localdate(end) + timedelta(days=1),
            follow_up_meeting__isnull=True,
        )
    )
    if area_slugs:
        walks = walks.filter(areas__slug__in=area_slugs).distinct()
    entries = []
    for walk in walks.prefetch_related("areas"):
        starts = timezone.make_aware(datetime.combine(walk.follow_up_date, datetime.min.time()))
        if not start <= starts < end:
            continue
        entries.append(
            CalendarEntry(
                uid=f"followup-{walk.pk}@boligsocial",
                title=_("Follow-up meeting: %(walk)s") % {"walk": walk.title},
                start=starts,
                end=None,
                all_day=True,
                url=walk.url,
                place=walk.meeting_point,
                kind="follow_up_meeting",
                area_slugs=tuple(area.slug for area in walk.areas.all()),
            )
        )
    return entries
