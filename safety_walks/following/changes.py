"""What a follower hears about: the public findings of the followed walk or housing area and their public
updates (status changes and partners' notes for residents), read through the managers' `public()` only.
Shared by the digest and the Atom feeds."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from estates import i18n
from estates.i18n import presented
from safety_walks.models import Finding, FindingUpdate, WalkPage
from safety_walks.selectors import public_walks
from safety_walks.statuses import public_label


@dataclass(frozen=True)
class Change:
    """One thing that happened, as a resident may read it."""

    kind: str  # "finding" (a new finding) or "update" (a status change or a note for residents)
    at: datetime
    finding_id: int
    finding_title: str
    walk_id: int
    status: str  # the resident's word for the (new) status
    text: str  # the finding's description, or the note for residents
    location: str = ""
    organisation: str = ""
    key: str = ""  # stable id of the change, e.g. "update-12"


def followed_walks(*, walk=None, area=None) -> QuerySet:
    """The live, public walk pages a follow covers: the walk itself, or every walk of the housing area; each the
    default locale's page, which the findings belong to (a follow made on a translation follows that page)."""
    walks = public_walks()
    return walks.filter(pk=i18n.source_page(walk).pk) if walk is not None else walks.filter(areas=area)


def new_findings(walks: QuerySet, since: datetime | None = None) -> QuerySet:
    findings = Finding.objects.public().filter(walk__in=walks.values("pk"))
    return findings.filter(created_at__gt=since) if since else findings


def public_updates(walks: QuerySet, since: datetime | None = None) -> QuerySet:
    """Updates residents may see that say something: a new status or a note (FindingUpdate.objects.public())."""
    updates = (
        FindingUpdate.objects.public()
        .filter(finding__walk__in=walks.values("pk"))
        .filter(~Q(new_status="") | ~Q(public_note=""))
    )
    return updates.filter(created_at__gt=since) if since else updates


def finding_changes(findings: QuerySet, limit: int) -> list[Change]:
    rows = findings.order_by("-created_at", "-pk").values(
        "pk", "title", "walk_id", "status", "description", "location", "created_at"
    )[:limit]
    return [
        Change(
            kind="finding",
            at=row["created_at"],
            finding_id=row["pk"],
            finding_title=row["title"],
            walk_id=row["walk_id"],
            status=str(public_label(row["status"])),
            text=row["description"],
            location=row["location"],
            key=f"finding-{row['pk']}",
        )
        for row in rows
    ]


def update_changes(updates: QuerySet, limit: int) -> list[Change]:
    # Only public columns are read: never the internal note, the author or the photo.
    rows = updates.order_by("-created_at", "-pk").values(
        "pk",
        "created_at",
        "new_status",
        "public_note",
        "finding_id",
        "finding__title",
        "finding__walk_id",
        "organisation__name",
    )[:limit]
    return [
        Change(
            kind="update",
            at=row["created_at"],
            finding_id=row["finding_id"],
            finding_title=row["finding__title"],
            walk_id=row["finding__walk_id"],
            status=str(public_label(row["new_status"])) if row["new_status"] else "",
            text=row["public_note"],
            organisation=row["organisation__name"] or "",
            key=f"update-{row['pk']}",
        )
        for row in rows
    ]


def finding_links(walk_ids, request=None) -> dict[int, WalkPage]:
    """The walks of these changes, by id, to build each finding's address from: each with `shown_full_url`, the
    address of the page presenting it in the active language (two queries at most)."""
    walks = list(WalkPage.objects.filter(pk__in=set(walk_ids)))
    shown = presented(walks)
    for walk in walks:
        walk.shown_full_url = shown.get(walk.pk, walk).get_full_url(request)
    return {walk.pk: walk for walk in walks}


def finding_url(walks: dict[int, WalkPage], change: Change, request=None) -> str:
    """The absolute address of the finding's own page (the `finding` route of the page presenting the walk)."""
    walk = walks.get(change.walk_id)
    if walk is None:
        return ""
    base = getattr(walk, "shown_full_url", None) or walk.get_full_url(request)
    return base + walk.reverse_subpage("finding", kwargs={"pk": change.finding_id}).lstrip("/")
