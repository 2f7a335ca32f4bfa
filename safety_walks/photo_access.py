"""Who may see a photo of a finding or an update (the `boligsocial_photo_visibility` hook of estates.media).

Anyone: the photo of a public finding, or of an update residents may see whose photo is marked public.
Otherwise only users who may see the finding (`Finding.objects.visible_to`). Photos that belong to no
finding, update or resident report are not this app's to answer (None). A resident's report photo is staff's
only (resident_report_photo_visibility, registered by resident_reports/wagtail_hooks.py).
"""

from django.db.models import Q

from safety_walks import policy
from safety_walks.models import Finding, FindingUpdate
from safety_walks.models.reports import ResidentReport


def _finding_ids(photo):
    return FindingUpdate.objects.filter(photo=photo).values("finding_id")


def safety_walk_photo_visibility(photo, user) -> bool | None:
    if Finding.objects.public().filter(photo=photo).exists():
        return True
    if FindingUpdate.objects.public().filter(photo=photo, photo_public=True).exists():
        return True
    if not user.is_authenticated:
        return None
    if Finding.objects.visible_to(user).filter(Q(photo=photo) | Q(pk__in=_finding_ids(photo))).exists():
        return True
    return None


def resident_report_photo_visibility(photo, user) -> bool | None:
    """A resident's photo on a report: staff only (partners and the public never), unless staff gave it to a
    finding, whose own rule above then decides."""
    if not ResidentReport.objects.filter(photo=photo).exists():
        return None
    if Finding.objects.filter(photo=photo).exists():
        return None
    return bool(user.is_authenticated and policy.can_manage_findings(user))
