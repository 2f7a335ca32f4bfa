"""The pull: what a resident, a partner or staff read about walks, in a bounded number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from wagtail.images import get_image_model

from safety_walks.models import (
    Finding,
    FindingSnapshot,
    FindingStatus,
    FindingUpdate,
    FollowUpMeeting,
    Responsibility,
    ThemeMeeting,
    WalkPage,
)
from safety_walks.models.findings import ResponsibilityStatus as RS

PHOTO_RENDITION = "fill-480x320"
THUMBNAIL_RENDITION = "fill-160x120"


@dataclass(frozen=True)
class Progress:
    total: int
    resolved: int
    by_status: dict[str, int]

    @property
    def percent_resolved(self) -> int:
        return round(100 * self.resolved / self.total) if self.total else 0

    def as_dict(self) -> dict:
        return {"total": self.total, "resolved": self.resolved, "by_status": self.by_status}


@dataclass(frozen=True)
class ReportItem:
    finding: Finding
    responsibilities: list[Responsibility]
    latest_public_update: FindingUpdate | None
    status_at_follow_up: str | None  # a FindingStatus value, when the follow-up meeting has been held


@dataclass(frozen=True)
class WalkReport:
    items: list[ReportItem]
    progress: Progress
    follow_up_meeting: FollowUpMeeting | None
    theme_meetings: list[ThemeMeeting] = field(default_factory=list)


def public_findings(walk: WalkPage) -> QuerySet[Finding]:
    """The walk's findings that residents may see, with what the report shows, prefetched."""
    return (
        Finding.objects.filter(walk=walk, is_public=True)
        .select_related("category")
        .prefetch_related(
            Prefetch("photo", queryset=get_image_model().objects.prefetch_renditions(PHOTO_RENDITION)),
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("organisation").order_by("sort_order", "pk"),
            ),
            Prefetch(
                "updates",
                queryset=FindingUpdate.objects.exclude(public_note="").order_by("-created_at", "-pk"),
                to_attr="public_updates",
            ),
        )
        .order_by("priority", "pk")
    )


def public_report(walk: WalkPage) -> WalkReport:
    findings = list(public_findings(walk))
    meeting = FollowUpMeeting.objects.filter(walk=walk).first()
    snapshot = {}
    if meeting is not None:
        snapshot = dict(FindingSnapshot.objects.filter(meeting=meeting).values_list("finding_id", "status"))
    items = [
        ReportItem(
            finding=finding,
            responsibilities=list(finding.responsibilities.all()),
            latest_public_update=finding.public_updates[0] if finding.public_updates else None,
            status_at_follow_up=snapshot.get(finding.pk),
        )
        for finding in findings
    ]
    by_status = {value: 0 for value in FindingStatus.values}
    for finding in findings:
        by_status[finding.status] += 1
    progress = Progress(total=len(findings), resolved=by_status[FindingStatus.RESOLVED], by_status=by_status)
    theme_meetings = list(walk.theme_meetings.filter(is_public=True).order_by("starts_at"))
    return WalkReport(items=items, progress=progress, follow_up_meeting=meeting, theme_meetings=theme_meetings)


def walk_progress(walk: WalkPage) -> Progress:
    """How far the walk's public findings have come, in one aggregate query."""
    counts = dict(
        Finding.objects.filter(walk=walk, is_public=True).values_list("status").annotate(n=Count("pk")).order_by()
    )
    by_status = {value: counts.get(value, 0) for value in FindingStatus.values}
    return Progress(total=sum(by_status.values()), resolved=by_status[FindingStatus.RESOLVED], by_status=by_status)


def public_findings_text(walk: WalkPage) -> str:
    """Searchable text of the walk's public findings (internal findings are never indexed)."""
    if not walk.pk:
        return ""
    rows = Finding.objects.filter(walk=walk, is_public=True).values_list("title", "description", "location")
    return "\n".join(" ".join(part for part in row if part) for row in rows)


def walks_with_progress(walks: QuerySet[WalkPage]) -> QuerySet[WalkPage]:
    """Walks annotated with public finding counts for a listing, areas prefetched."""
    public = Q(findings__is_public=True)
    return walks.prefetch_related("areas").annotate(
        public_total=Count("findings", filter=public),
        public_resolved=Count("findings", filter=public & Q(findings__status=FindingStatus.RESOLVED)),
    )


def open_responsibilities() -> QuerySet[Responsibility]:
    return Responsibility.objects.exclude(status__in=[RS.RESOLVED, RS.CANNOT_BE_RESOLVED])


def partner_items(user, *, today: date) -> list[Responsibility]:
    """The partner's own items: open ones first (overdue first, then by deadline), then closed ones."""
    from safety_walks import policy

    items = list(
        policy.responsibilities_for(user)
        .select_related("organisation", "finding__walk", "finding__category")
        .prefetch_related(
            Prefetch("finding__photo", queryset=get_image_model().objects.prefetch_renditions(THUMBNAIL_RENDITION)),
            "finding__walk__areas",
        )
    )
    return sorted(
        items,
        key=lambda r: (not r.is_open, not r.is_overdue(today), r.deadline or date.max, r.finding.priority, r.pk),
    )


def overdue_responsibilities(*, today: date, organisation_ids=None) -> QuerySet[Responsibility]:
    overdue = open_responsibilities().filter(deadline__lt=today)
    if organisation_ids is not None:
        overdue = overdue.filter(organisation_id__in=organisation_ids)
    return overdue.select_related("organisation", "finding__walk").order_by("deadline", "pk")


def follow_up_meetings_due(*, today: date, within_days: int = 30) -> QuerySet[WalkPage]:
    """Walks whose follow-up meeting is due within the coming days, or overdue, and not yet held."""
    return (
        WalkPage.objects.filter(follow_up_date__lte=today + timedelta(days=within_days), follow_up_meeting__isnull=True)
        .order_by("follow_up_date")
        .only("pk", "title", "follow_up_date")
    )


def private_images() -> Q:
    """Photos residents never see: those of internal findings and those attached to updates."""
    internal = Finding.objects.filter(is_public=False, photo__isnull=False).values("photo_id")
    updates = FindingUpdate.objects.filter(photo__isnull=False).values("photo_id")
    return Q(pk__in=internal) | Q(pk__in=updates)
