"""The pull: what a partner or staff read about their work on walks, in a bounded number of queries.

The public walk report lives in safety_walks/reports.py.
"""

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from safety_walks.models import Finding, FindingUpdate, Responsibility, WalkPage

THUMBNAIL_RENDITION = "fill-160x120"


def partner_items(user, *, today: date) -> list[Responsibility]:
    """The partner's own items: open ones first (overdue first, then by deadline), then closed ones."""
    items = list(
        Responsibility.objects.visible_to(user)
        .select_related("organisation", "finding__walk", "finding__category", "finding__photo")
        .prefetch_related("finding__walk__areas")
    )
    return sorted(
        items,
        key=lambda r: (not r.is_open, not r.is_overdue(today), r.deadline or date.max, r.finding.priority, r.pk),
    )


def finding_for_update(user, finding_id: int) -> tuple[Finding | None, list[Responsibility]]:
    """The finding the user is to update and their responsibilities on it (all of them for staff), in one
    query when they hold any. (None, []) when the finding is not visible to the user."""
    rows = list(
        Responsibility.objects.visible_to(user)
        .filter(finding_id=finding_id)
        .select_related("organisation", "finding__walk", "finding__category", "finding__photo")
        .order_by("sort_order", "pk")
    )
    if not rows:
        finding = Finding.objects.visible_to(user).select_related("walk", "category", "photo").filter(pk=finding_id)
        return finding.first(), []
    finding = rows[0].finding
    for row in rows:
        row.finding = finding
    return finding, rows


def overdue_responsibilities(*, today: date) -> QuerySet[Responsibility]:
    """Every overdue responsibility, oldest deadline first, for staff's dashboard."""
    return (
        Responsibility.objects.overdue(on=today)
        .select_related("organisation", "finding__walk")
        .order_by("deadline", "pk")
    )


def follow_up_meetings_due(*, today: date, within_days: int = 30) -> QuerySet[WalkPage]:
    """Walks whose follow-up meeting is due within the coming days, or overdue, and not yet held."""
    return (
        WalkPage.objects.filter(follow_up_date__lte=today + timedelta(days=within_days), follow_up_meeting__isnull=True)
        .order_by("follow_up_date")
        .only("pk", "title", "follow_up_date")
    )


def private_images() -> Q:
    """Photos residents never see: those of internal findings and those attached to updates."""
    internal = Finding.objects.internal().filter(photo__isnull=False).values("photo_id")
    updates = FindingUpdate.objects.filter(photo__isnull=False).values("photo_id")
    return Q(pk__in=internal) | Q(pk__in=updates)
