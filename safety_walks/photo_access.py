"""Who may see a photo of a finding or an update (the `boligsocial_photo_visibility` hook of estates.media).

Anyone: the photo of a public finding, or of an update residents may see whose photo is marked public.
Otherwise only users who may see the finding (`Finding.objects.visible_to`). Photos that belong to no
finding or update are not this app's to answer (None).
"""

from django.db.models import Q

from safety_walks.models import Finding, FindingUpdate


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
