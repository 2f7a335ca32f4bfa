"""The push: domain operations on findings and meetings, each in one transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from safety_walks import policy
from safety_walks.models import Finding, FindingSnapshot, FindingUpdate, FollowUpMeeting, Responsibility, WalkPage


@transaction.atomic
def finding_record_update(
    *,
    finding: Finding,
    author,
    responsibility: Responsibility | None = None,
    new_status: str = "",
    public_note: str = "",
    internal_note: str = "",
    photo=None,
) -> FindingUpdate:
    """Add an update to a finding's timeline; a status change moves the responsibility and the finding."""
    if responsibility is not None and responsibility.finding_id != finding.pk:
        raise ValidationError(_("That responsibility belongs to another finding."))
    if responsibility is not None and not policy.can_update_responsibility(author, responsibility):
        raise PermissionDenied
    if responsibility is None and not policy.can_manage_findings(author):
        raise PermissionDenied
    if new_status and responsibility is None:
        raise ValidationError({"new_status": _("Choose whose responsibility the new status is for.")})
    if not (new_status or public_note.strip() or internal_note.strip() or photo):
        raise ValidationError(_("Write a note or choose a new status."))

    update = FindingUpdate(
        finding=finding,
        responsibility=responsibility,
        author=author,
        organisation=responsibility.organisation if responsibility else None,
        new_status=new_status,
        public_note=public_note.strip(),
        internal_note=internal_note.strip(),
        photo=photo,
    )
    update.full_clean()
    update.save()
    if new_status and responsibility.status != new_status:
        responsibility.status = new_status
        responsibility.save(update_fields=["status"])
        finding = Finding.objects.get(pk=finding.pk)  # a fresh cluster, so the status is derived from the database
        finding.save()
    log(instance=finding, action="safety_walks.finding_update", user=author, data={"update_id": update.pk})
    return update


@transaction.atomic
def follow_up_meeting_record(*, walk: WalkPage, held_on: date, summary: str = "", user=None) -> FollowUpMeeting:
    """Record that the follow-up meeting was held and keep every finding's status as it stood then."""
    meeting = FollowUpMeeting(walk=walk, held_on=held_on, summary=summary, recorded_by=user)
    meeting.full_clean()
    meeting.save()
    FindingSnapshot.objects.bulk_create(
        FindingSnapshot(meeting=meeting, finding_id=pk, status=status)
        for pk, status in Finding.objects.filter(walk=walk).values_list("pk", "status")
    )
    log(instance=meeting, action="wagtail.create", user=user)
    return meeting
