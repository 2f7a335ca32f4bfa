"""The follow-up meeting: planned (day, time, place; announced on the walk page and in the calendar), then
recorded as held, which keeps every finding's status as it stood at the meeting (FindingSnapshot).

Services (keyword-only, `full_clean()`, one transaction), like safety_walks/services.py.
"""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from safety_walks.models import Finding, FindingSnapshot, FollowUpMeeting, WalkPage

PLANNED_FIELDS = ("planned_on", "starts_at", "ends_at", "place")


def _meeting_of(walk: WalkPage) -> FollowUpMeeting:
    """The walk's meeting row, locked, or a new one."""
    return FollowUpMeeting.objects.select_for_update().filter(walk=walk).first() or FollowUpMeeting(walk=walk)


@transaction.atomic
def follow_up_meeting_plan(
    *,
    walk: WalkPage,
    planned_on: date,
    starts_at: time | None = None,
    ends_at: time | None = None,
    place: str = "",
    user=None,
) -> FollowUpMeeting:
    """Plan (or move) the walk's follow-up meeting. A meeting already held is not planned again."""
    meeting = _meeting_of(walk)
    if meeting.is_held:
        raise ValidationError(_("The follow-up meeting of this walk has already been held."))
    is_new = meeting.pk is None
    meeting.planned_on, meeting.starts_at, meeting.ends_at, meeting.place = planned_on, starts_at, ends_at, place
    meeting.full_clean()
    meeting.save()
    log(instance=meeting, action="wagtail.create" if is_new else "wagtail.edit", user=user)
    return meeting


@transaction.atomic
def follow_up_meeting_record(
    *, walk: WalkPage, held_on: date, summary: str = "", user=None, **planned
) -> FollowUpMeeting:
    """Record that the follow-up meeting was held (the planned one, or one that was never planned) and keep
    every finding's status as it stood then. `planned` may give the planned fields too (the admin's form)."""
    meeting = _meeting_of(walk)
    if meeting.is_held:
        raise ValidationError({"held_on": _("The follow-up meeting of this walk has already been recorded.")})
    for name in PLANNED_FIELDS:
        if name in planned:
            setattr(meeting, name, planned[name])
    is_new = meeting.pk is None
    meeting.held_on, meeting.summary, meeting.recorded_by = held_on, summary, user
    meeting.full_clean()
    meeting.save()
    FindingSnapshot.objects.bulk_create(
        FindingSnapshot(meeting=meeting, finding_id=pk, status=status)
        for pk, status in Finding.objects.filter(walk=walk).values_list("pk", "status")
    )
    log(instance=meeting, action="wagtail.create" if is_new else "wagtail.edit", user=user)
    return meeting
