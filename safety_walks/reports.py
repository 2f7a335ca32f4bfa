"""The public walk report: what a resident reads about one walk, in a bounded number of queries.

Imported by the page models, so it imports no model: it reads through the walk's own relations
(`walk.findings`, `walk.follow_up_meeting`, `walk.theme_meetings`) and the domain QuerySets behind them,
which keeps the import graph free of cycles (tests/test_import_cycles.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from wagtail.models import Page

from safety_walks.statuses import FindingStatus

if TYPE_CHECKING:
    from safety_walks.models import Finding, FindingUpdate, FollowUpMeeting, Responsibility, ThemeMeeting

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
    return walk.findings.public().with_public_report(photo_rendition=PHOTO_RENDITION).order_by("priority", "pk")


def public_report(walk: Page) -> WalkReport:
    findings = list(public_findings(walk))
    meeting = getattr(walk, "follow_up_meeting", None)  # None when it has not been held
    snapshot = {}
    if meeting is not None:
        snapshot = dict(meeting.snapshots.values_list("finding_id", "status"))
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
    counts = dict(walk.findings.public().values_list("status").annotate(n=Count("pk")).order_by())
    by_status = {value: counts.get(value, 0) for value in FindingStatus.values}
    return Progress(total=sum(by_status.values()), resolved=by_status[FindingStatus.RESOLVED], by_status=by_status)


def public_findings_text(walk: Page) -> str:
    """Searchable text of the walk's public findings (internal findings are never indexed)."""
    if not walk.pk:
        return ""
    rows = walk.findings.public().values_list("title", "description", "location")
    return "\n".join(" ".join(part for part in row if part) for row in rows)


def walks_with_progress(walks: QuerySet) -> QuerySet:
    """Walks annotated with public finding counts for a listing, areas prefetched."""
    public = walks.model._meta.get_field("findings").related_model.objects.public()
    return walks.prefetch_related("areas").annotate(
        public_total=public.count_per_walk(),
        public_resolved=public.filter(status=FindingStatus.RESOLVED).count_per_walk(),
    )
