"""The pull: what a partner or staff read about their work on walks, in a bounded number of queries.

The public walk report lives in safety_walks/reports.py.
"""

from datetime import date, timedelta

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from estates import i18n
from estates.pages import public_pages
from safety_walks.models import Finding, FindingUpdate, Responsibility, WalkPage
from safety_walks.statuses import CLOSED_RESPONSIBILITY_STATUSES

THUMBNAIL_RENDITION = "fill-160x120"


def partner_items(user, *, today: date) -> QuerySet[Responsibility]:
    """The partner's own items in work order (open first, overdue first, then by deadline), to be paged:
    each page costs the same few queries however many items the organisation has."""
    return (
        Responsibility.objects.visible_to(user)
        .in_work_order(on=today)
        .select_related("organisation", "finding__walk", "finding__category", "finding__photo")
        .prefetch_related("finding__walk__areas")
    )


def partner_item_counts(user, *, today: date) -> dict[str, int]:
    """How many of the partner's items are open and overdue (one query)."""
    items = Responsibility.objects.visible_to(user)
    return items.aggregate(
        open=Count("pk", filter=~Q(status__in=CLOSED_RESPONSIBILITY_STATUSES)),
        overdue=Count("pk", filter=~Q(status__in=CLOSED_RESPONSIBILITY_STATUSES) & Q(deadline__lt=today)),
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
    """Every overdue responsibility, oldest deadline first, for staff's dashboard (read along the partial index of
    open responsibilities by deadline)."""
    return Responsibility.objects.overdue_along_open_index(on=today).order_by("deadline", "pk")


def follow_up_meetings_due(*, today: date, within_days: int = 30) -> QuerySet[WalkPage]:
    """Walks whose follow-up meeting is due within the coming days, or overdue, and not yet held."""
    # The walk in the default locale: its translations and aliases carry the same date but no meeting.
    return (
        i18n.in_source_locale(WalkPage.objects.all())
        .filter(follow_up_date__lte=today + timedelta(days=within_days), follow_up_meeting__held_on__isnull=True)
        .order_by("follow_up_date")
        .only("pk", "title", "follow_up_date")
    )


def public_walks() -> QuerySet[WalkPage]:
    """Live, public walks, each once: the default locale's pages (their findings, meetings and follows are theirs;
    a translation or alias only presents them)."""
    return i18n.in_source_locale(public_pages(WalkPage.objects.live()))


def presented_walks(walks, request=None) -> list[WalkPage]:
    """The walks (default locale's pages), each with `shown_title` and `shown_url` (estates.i18n.with_shown): lists
    read those; the walk itself keeps its findings, areas and progress."""
    return i18n.with_shown(walks, request)


def walk_link(walk, finding_pk: int, request=None) -> str:
    """The address of one finding under the page that presents `walk` (set by presented_walks)."""
    base = getattr(walk, "shown_url", None) or walk.get_url(request)
    return base + walk.reverse_subpage("finding", kwargs={"pk": finding_pk}).lstrip("/")


EXPORT_WALKS = WalkPage.objects.only("pk", "title", "walk_date")


def responsibilities_for_export(user, findings: QuerySet[Finding]) -> QuerySet[Responsibility]:
    """One row per responsibility of these findings that the user may see, in walk and finding order, each
    with its finding's walk, category and the walk's areas, and `latest_public_note` / `latest_public_note_at`:
    the newest note residents can read about it (on this responsibility or on the finding as a whole)."""
    notes = (
        FindingUpdate.objects.with_public_note()
        .filter(finding=OuterRef("finding_id"))
        .filter(Q(responsibility=OuterRef("pk")) | Q(responsibility=None))
        .order_by("-created_at", "-pk")
    )
    return (
        Responsibility.objects.visible_to(user)
        .filter(finding__in=findings.values("pk"))
        .select_related("organisation", "finding__category")
        # A walk is a Wagtail page, costly to build: once per walk (prefetched), not once per row.
        .prefetch_related(Prefetch("finding__walk", queryset=EXPORT_WALKS.prefetch_related("areas")))
        .annotate(
            latest_public_note=Subquery(notes.values("public_note")[:1]),
            latest_public_note_at=Subquery(notes.values("created_at")[:1]),
        )
        .order_by("-finding__walk__walk_date", "finding__walk_id", "finding__priority", "finding_id", "sort_order")
    )


def findings_without_responsibility(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    """The findings no organisation is responsible for yet (staff's export lists them too)."""
    return (
        findings.filter(responsibilities__isnull=True)
        .select_related("walk", "category")
        .prefetch_related("walk__areas")
        .order_by("-walk__walk_date", "walk_id", "priority", "pk")
    )
