"""The push: domain operations on findings, responsibilities and meetings, each in one transaction.

A finding's status follows its responsibilities. That is not a side effect of saving a finding: every
operation here that changes a responsibility ends with `finding_derive_status`, and so do the admin's
finding editor (safety_walks/admin.py) and whatever else changes responsibilities.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from estates.photos import photo_store
from safety_walks import policy
from safety_walks.models import Finding, FindingSnapshot, FindingUpdate, FollowUpMeeting, Responsibility, WalkPage
from safety_walks.statuses import ResponsibilityStatus

# An update's relations are the instances the caller loaded and policy checked; validating each foreign
# key again would cost a query per relation and prove nothing more.
UPDATE_RELATIONS = ("finding", "responsibility", "author", "organisation", "photo")


def finding_derive_status(*, finding: Finding) -> None:
    """Set the finding's status from its responsibilities as they are in the database, unless staff set it by
    hand (the rule: `FindingQuerySet.derive_status`). One UPDATE, safe when two partners update at once; the
    `finding` in memory is not re-read (`refresh_from_db()` shows the result)."""
    Finding.objects.filter(pk=finding.pk).derive_status()


@transaction.atomic
def responsibility_assign(
    *,
    finding: Finding,
    organisation,
    deadline: date | None = None,
    task: str = "",
    contact_person: str = "",
    status: str = ResponsibilityStatus.PLACED,
) -> Responsibility:
    """Make an organisation responsible for a finding; its members are told (signals.responsibility_placed)."""
    responsibility = Responsibility(
        finding=finding,
        organisation=organisation,
        deadline=deadline,
        task=task,
        contact_person=contact_person,
        status=status,
    )
    responsibility.full_clean()
    responsibility.save()
    finding_derive_status(finding=finding)
    finding.refresh_from_db(fields=["status", "updated_at"])
    return responsibility


@transaction.atomic
def responsibility_reassign(*, responsibility: Responsibility, organisation) -> Responsibility:
    """Move a responsibility to another organisation, whose members are then told."""
    responsibility.organisation = organisation
    responsibility.full_clean()
    responsibility.save(update_fields=["organisation"])
    finding_derive_status(finding=responsibility.finding)
    return responsibility


def finding_record_update(
    *,
    finding: Finding,
    author,
    responsibility: Responsibility | None = None,
    new_status: str = "",
    public_note: str = "",
    internal_note: str = "",
    photo=None,
    photo_upload=None,
    photo_public: bool = False,
    photo_alt_text: str = "",
) -> FindingUpdate:
    """Add an update to a finding's timeline; a status change moves the responsibility and the finding.

    `photo` is an existing estates.Photo; `photo_upload` an upload checked by `estates.photos.PhotoField`,
    stored (without metadata, in private storage) once the author is known to be allowed; `photo_public`
    shows the photo to residents when the finding is public."""
    if responsibility is not None and responsibility.finding_id != finding.pk:
        raise ValidationError(_("That responsibility belongs to another finding."))
    if responsibility is not None and not policy.can_update_responsibility(author, responsibility):
        raise PermissionDenied
    if responsibility is None and not policy.can_manage_findings(author):
        raise PermissionDenied
    if new_status and responsibility is None:
        raise ValidationError({"new_status": _("Choose whose responsibility the new status is for.")})
    if not (new_status or public_note.strip() or internal_note.strip() or photo or photo_upload):
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
        photo_public=photo_public and bool(photo or photo_upload),
    )
    update.full_clean(exclude=UPDATE_RELATIONS)

    # Everything is checked above, before the transaction, so it needs no savepoint: nothing inside is
    # partly undone, and a failure rolls the caller's work back with it.
    with transaction.atomic(savepoint=False):
        if photo_upload:
            update.photo = photo_store(upload=photo_upload, uploaded_by=author, alt_text=photo_alt_text)
        update.save()
        if new_status and responsibility.status != new_status:
            # The status alone: no new organisation to tell, no reference or search text changes.
            Responsibility.objects.filter(pk=responsibility.pk).update(status=new_status)
            responsibility.status = new_status
            finding_derive_status(finding=finding)
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
