"""The push: domain operations on findings, responsibilities and meetings, each in one transaction.

A finding's status follows its responsibilities. That is not a side effect of saving a finding: every
operation here that changes a responsibility ends with `finding_derive_status`, and so do the admin's
finding editor (safety_walks/admin.py) and whatever else changes responsibilities.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from estates.photos import photo_store
from safety_walks import follow_up, log_actions, policy
from safety_walks.models import Finding, FindingUpdate, FollowUpMeeting, Responsibility, WalkPage
from safety_walks.statuses import ResponsibilityStatus

# An update's relations are the instances the caller loaded and policy checked; validating each foreign
# key again would cost a query per relation and prove nothing more.
UPDATE_RELATIONS = ("finding", "responsibility", "author", "organisation", "photo")
# A note residents read is a few sentences; an internal one may be longer. Beyond these, a text is refused
# (and the form keeps it): a 54,000-character note is an accident or an attack, not an update.
PUBLIC_NOTE_MAX_LENGTH = 2_000
INTERNAL_NOTE_MAX_LENGTH = 5_000


def finding_derive_status(*, finding: Finding) -> None:
    """Set the finding's status from its responsibilities as they are in the database, unless staff set it by
    hand (the rule: `FindingQuerySet.derive_status`). One UPDATE, safe when two partners update at once; the
    `finding` in memory is not re-read (`refresh_from_db()` shows the result)."""
    Finding.objects.filter(pk=finding.pk).derive_status()


@transaction.atomic
def finding_create(
    *,
    walk: WalkPage,
    title: str,
    category,
    user,
    description: str = "",
    location: str = "",
    latitude=None,
    longitude=None,
    photo=None,
    priority: int | None = None,
    is_public: bool = True,
) -> Finding:
    """Write a finding down on a walk (a resident's report that staff accept becomes one this way)."""
    if not policy.can_manage_findings(user):
        raise PermissionDenied
    finding = Finding(
        walk=walk,
        title=title.strip(),
        category=category,
        description=description.strip(),
        location=location.strip()[:200],
        latitude=latitude,
        longitude=longitude,
        photo=photo,
        is_public=is_public,
        **({"priority": priority} if priority else {}),
    )
    finding.full_clean(exclude=["photo"])
    finding.save()
    log(instance=finding, action="wagtail.create", user=user)
    return finding


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
    if len(public_note.strip()) > PUBLIC_NOTE_MAX_LENGTH:
        raise ValidationError({"public_note": _("The note for residents is too long.")})
    if len(internal_note.strip()) > INTERNAL_NOTE_MAX_LENGTH:
        raise ValidationError({"internal_note": _("The internal note is too long.")})
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
        log(instance=finding, action=log_actions.FINDING_UPDATE, user=author, data={"update_id": update.pk})
    return update


HIDING_FIELDS = ["public_note_hidden_at", "public_note_hidden_by", "public_note_hidden_reason"]


@transaction.atomic
def update_hide_public_note(*, update: FindingUpdate, user, reason: str) -> FindingUpdate:
    """Take an update's note for residents off the walk page, feeds and API (it stays in the admin), with
    the reason, logged on the finding. Hiding a hidden note again changes nothing."""
    if not policy.can_hide_public_notes(user):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the note is hidden.")})
    if update.public_note_hidden_at is not None:
        return update
    update.public_note_hidden_at = timezone.now()
    update.public_note_hidden_by = user
    update.public_note_hidden_reason = reason
    update.full_clean(exclude=[*UPDATE_RELATIONS, "public_note_hidden_by"])
    update.save(update_fields=HIDING_FIELDS)
    log(
        instance=update.finding,
        action=log_actions.PUBLIC_NOTE_HIDDEN,
        user=user,
        data={"update_id": update.pk, "reason": reason},
    )
    return update


@transaction.atomic
def update_show_public_note(*, update: FindingUpdate, user) -> FindingUpdate:
    """Undo `update_hide_public_note`: the note is public again (if its finding is), and that is logged."""
    if not policy.can_hide_public_notes(user):
        raise PermissionDenied
    if update.public_note_hidden_at is None:
        return update
    update.public_note_hidden_at = None
    update.public_note_hidden_by = None
    update.public_note_hidden_reason = ""
    update.save(update_fields=HIDING_FIELDS)
    log(instance=update.finding, action=log_actions.PUBLIC_NOTE_SHOWN, user=user, data={"update_id": update.pk})
    return update


def follow_up_meeting_record(*, walk: WalkPage, held_on: date, summary: str = "", user=None) -> FollowUpMeeting:
    """Record that the follow-up meeting was held (safety_walks/follow_up.py: a planned one too)."""
    return follow_up.follow_up_meeting_record(walk=walk, held_on=held_on, summary=summary, user=user)
