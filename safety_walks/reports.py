"""The public walk report: what a resident reads about one walk, in a bounded number of queries.

Imported by the page models, so it imports only the model modules it reads (never the models package or
the pages), which keeps the import graph free of cycles.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from wagtail.images import get_image_model
from wagtail.models import Page

from safety_walks.models.findings import Finding, FindingStatus, Responsibility
from safety_walks.models.meetings import FindingSnapshot, FollowUpMeeting, ThemeMeeting
from safety_walks.models.updates import FindingUpdate

PHOTO_RENDITION = "fill-480x320"


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


def public_findings(walk: Page) -> QuerySet[Finding]:
    """The walk's findings that residents may see, with what the report shows, prefetched."""
    return (
        Finding.objects.public()
        .filter(walk=walk)
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


def public_report(walk: Page) -> WalkReport:
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
    theme_meetings = list(walk.theme_meetings.public().order_by("starts_at"))
    return WalkReport(items=items, progress=progress, follow_up_meeting=meeting, theme_meetings=theme_meetings)


def walk_progress(walk: Page) -> Progress:
    """How far the walk's public findings have come, in one aggregate query."""
    counts = dict(Finding.objects.public().filter(walk=walk).values_list("status").annotate(n=Count("pk")).order_by())
    by_status = {value: counts.get(value, 0) for value in FindingStatus.values}
    return Progress(total=sum(by_status.values()), resolved=by_status[FindingStatus.RESOLVED], by_status=by_status)


def public_findings_text(walk: Page) -> str:
    """Searchable text of the walk's public findings (internal findings are never indexed)."""
    if not walk.pk:
        return ""
    rows = Finding.objects.public().filter(walk=walk).values_list("title", "description", "location")
    return "\n".join(" ".join(part for part in row if part) for row in rows)


def walks_with_progress(walks: QuerySet) -> QuerySet:
    """Walks annotated with public finding counts for a listing, areas prefetched."""
    public = Finding.objects.public()
    return walks.prefetch_related("areas").annotate(
        public_total=public.count_per_walk(),
        public_resolved=public.filter(status=FindingStatus.RESOLVED).count_per_walk(),
    )
