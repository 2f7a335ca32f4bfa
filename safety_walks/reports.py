"""The public walk report: what a resident reads about one walk, in a bounded number of queries.

Imported by the page models, so it imports no model: it reads through the walk's own relations
(`walk.findings`, `walk.follow_up_meeting`, `walk.theme_meetings`) and the domain QuerySets behind them,
which keeps the import graph free of cycles (tests/test_import_cycles.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from uuid import uuid4

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from safety_walks import category_names
from safety_walks.statuses import CLOSED_STATUSES, FindingStatus, public_label

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
class ResponsibilityLine:
    """One organisation's part of a finding, as residents read it: its own status and whether it is late."""

    responsibility: Responsibility
    status_label: str
    overdue: bool  # open and past its deadline (Responsibility.is_overdue, the twin of .overdue(on=))

    @property
    def organisation(self):
        return self.responsibility.organisation

    @property
    def deadline(self):
        return self.responsibility.deadline


@dataclass(frozen=True)
class ReportItem:
    finding: Finding
    responsibilities: list[Responsibility]
    latest_public_update: FindingUpdate | None
    status_at_follow_up: str | None  # a FindingStatus value, when the follow-up meeting has been held
    number: int = 0  # its number in the list and on the map (open findings first)
    lines: list[ResponsibilityLine] = field(default_factory=list)
    timeline: list[FindingUpdate] = field(default_factory=list)  # public updates, oldest first
    overdue_since: date | None = None  # the earliest deadline an open responsibility has missed
    url: str = ""  # the finding's own public address
    from_residents: bool = False  # a resident reported it between walks (never who: no reporter data here)

    @property
    def is_open(self) -> bool:
        return not self.finding.is_closed

    @property
    def status_label(self) -> str:
        return public_label(self.finding.status)

    @property
    def follow_up_label(self) -> str:
        return public_label(self.status_at_follow_up or "")

    @property
    def after_photo(self):
        """The newest photo residents may see from an update (the "after" to the finding's own "before")."""
        return next((update.photo for update in reversed(self.timeline) if update_photo_is_public(update)), None)

    @property
    def has_position(self) -> bool:
        return self.finding.latitude is not None and self.finding.longitude is not None


@dataclass(frozen=True)
class WalkReport:
    items: list[ReportItem]
    progress: Progress
    follow_up_meeting: FollowUpMeeting | None
    theme_meetings: list[ThemeMeeting] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        """How many findings have at least one responsibility past its deadline."""
        return sum(1 for item in self.items if item.overdue_since)

    @property
    def map_markers(self) -> list[dict]:
        return map_markers(self.items)


def update_photo_is_public(update) -> bool:
    """An update's photo shows on the public pages only when staff or the partner marked it public
    (the update itself is already one of FindingUpdate.objects.public())."""
    return bool(update.photo_id and update.photo_public)


def report_position(status: str, priority: int, pk: int) -> tuple:
    """Where a finding stands in its walk's report: open findings first, then by priority, then in the order
    they were written down."""
    return (status in CLOSED_STATUSES, priority, pk)


def report_order(finding) -> tuple:
    return report_position(finding.status, finding.priority, finding.pk)


def ahead_in_report(finding) -> Q:
    """report_position as a condition: the findings that stand before `finding` in its walk's report, and
    `finding` itself (counted, they give its number without reading the walk's other findings)."""
    closed = Q(status__in=CLOSED_STATUSES)
    same_group_before = Q(priority__lt=finding.priority) | Q(priority=finding.priority, pk__lte=finding.pk)
    if finding.status in CLOSED_STATUSES:
        return ~closed | (closed & same_group_before)
    return ~closed & same_group_before


def public_findings(walk: Page) -> QuerySet[Finding]:
    """The walk's findings that residents may see, with what the report shows, prefetched: the category,
    the photo, the responsibilities with their organisations, and the public timeline (`timeline`, oldest
    first: FindingUpdate.objects.public(), so never an internal or hidden note)."""
    findings = walk.findings
    # FindingUpdate.objects.public() is "not hidden, on a public finding": the findings prefetched for are public,
    # so not_hidden() says the same without the IN over every public finding (a scan of the findings table).
    updates = findings.model._meta.get_field("updates").related_model.objects.not_hidden()
    resident_reports = findings.model._meta.get_field("resident_reports").related_model.objects
    return (
        findings.public()
        # Whether it came from residents' reports, as one EXISTS: nothing of the reports themselves is read.
        .annotate(from_residents=Exists(resident_reports.filter(finding=OuterRef("pk"))))
        .with_public_report(photo_rendition=PHOTO_RENDITION)
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=updates.select_related("organisation", "photo").order_by("created_at", "pk"),
                to_attr="timeline",
            )
        )
    )


def report_item(finding, *, number: int, today: date, status_at_follow_up: str | None = None, link=None) -> ReportItem:
    """What the report shows of one finding prefetched by `public_findings`, worked out once in Python."""
    responsibilities = list(finding.responsibilities.all())
    lines = [
        ResponsibilityLine(
            responsibility=responsibility,
            status_label=public_label(responsibility.status),
            overdue=responsibility.is_overdue(today),
        )
        for responsibility in responsibilities
    ]
    missed = [line.deadline for line in lines if line.overdue]
    return ReportItem(
        finding=finding,
        responsibilities=responsibilities,
        latest_public_update=next((update for update in reversed(finding.timeline) if update.public_note), None),
        status_at_follow_up=status_at_follow_up,
        number=number,
        lines=lines,
        timeline=finding.timeline,
        overdue_since=min(missed) if missed else None,
        url=link(finding) if link else "",
        from_residents=bool(getattr(finding, "from_residents", False)),
    )


def public_report(walk: Page, *, today: date | None = None, link=None) -> WalkReport:
    """The walk's public report; `link(finding)` gives each finding's own address."""
    today = today or timezone.localdate()
    findings = sorted(public_findings(walk), key=report_order)
    meeting = getattr(walk, "follow_up_meeting", None)  # None when not planned; planned until `held_on` is set
    snapshot = {}
    if meeting is not None and meeting.held_on:
        snapshot = dict(meeting.snapshots.values_list("finding_id", "status"))
    items = [
        report_item(finding, number=number, today=today, status_at_follow_up=snapshot.get(finding.pk), link=link)
        for number, finding in enumerate(findings, start=1)
    ]
    by_status = {value: 0 for value in FindingStatus.values}
    for finding in findings:
        by_status[finding.status] += 1
    progress = Progress(total=len(findings), resolved=by_status[FindingStatus.RESOLVED], by_status=by_status)
    theme_meetings = list(walk.theme_meetings.public().order_by("starts_at"))
    return WalkReport(items=items, progress=progress, follow_up_meeting=meeting, theme_meetings=theme_meetings)


def finding_report(walk: Page, pk: int, *, today: date | None = None, link=None) -> ReportItem | None:
    """One public finding of the walk, numbered as in the walk's list; None for an internal or foreign one."""
    today = today or timezone.localdate()
    finding = public_findings(walk).filter(pk=pk).first()
    if finding is None:
        return None
    number = walk.findings.public().filter(ahead_in_report(finding)).count()
    meeting = getattr(walk, "follow_up_meeting", None)
    snapshot = None
    if meeting is not None and meeting.held_on:
        snapshot = meeting.snapshots.filter(finding=finding).values_list("status", flat=True).first()
    return report_item(finding, number=number, today=today, status_at_follow_up=snapshot, link=link)


def map_markers(items: list[ReportItem]) -> list[dict]:
    """The map's markers (for `json_script`): the findings with a position, numbered as in the list, each
    with the address of its own page."""
    return [
        {
            "number": item.number,
            "title": item.finding.title,
            "lat": float(item.finding.latitude),
            "lng": float(item.finding.longitude),
            "url": item.url,
            "status": item.finding.status,
            "status_label": str(item.status_label),
        }
        for item in items
        if item.has_position
    ]


def report_fingerprint(walk: Page, *, today: date | None = None) -> str:
    """A short key that changes whenever anything the report's findings part shows may have changed, read in
    two aggregate queries: the public findings (count, last change: any edit or status change touches
    `updated_at`; their responsibilities: which organisation, in which order, a moved one changes no finding
    whose status staff set), their updates (count, newest, hidden ones), the follow-up meeting, the day (a
    deadline passes at midnight), the language and the names of categories and organisations. The walk page
    caches its rendered findings under it, the API a walk's public findings."""
    findings = walk.findings.public().aggregate(
        n=Count("pk"),
        changed=Max("updated_at"),
        responsibility_rows=Count("responsibilities"),
        last_deadline=Max("responsibilities__deadline"),
        assigned=Sum(F("responsibilities__organisation_id") * F("responsibilities__pk")),
        order=Sum(F("responsibilities__sort_order") * F("responsibilities__pk")),
        with_photo=Count("photo"),
    )
    updates_model = walk.findings.model._meta.get_field("updates").related_model
    updates = updates_model.objects.filter(finding__walk=walk).aggregate(
        n=Count("pk"),
        newest=Max("created_at"),
        hidden=Count("public_note_hidden_at"),
        hid=Max("public_note_hidden_at"),
        public_photos=Count("pk", filter=Q(photo_public=True)),
        photos=Max("photo_id"),
    )
    meeting = getattr(walk, "follow_up_meeting", None)
    parts = [
        walk.pk,
        sorted(findings.items()),
        sorted(updates.items()),
        [getattr(meeting, name, None) for name in ("pk", "held_on", "planned_on", "starts_at", "place", "summary")],
        today or timezone.localdate(),
        get_language(),
        category_names.version(),  # a category renamed or translated
        organisation_names_version(),  # an organisation renamed
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


ORGANISATION_NAMES_KEY = "safety_walks.reports.organisation-names"


def organisation_names_version() -> str:
    """Changes whenever an organisation is saved or deleted (`forget_organisation_names`, from signals.py): its
    name shows beside every finding assigned to it. One cache read, no query."""
    found = cache.get(ORGANISATION_NAMES_KEY)
    if found is None:
        cache.add(ORGANISATION_NAMES_KEY, uuid4().hex, None)
        found = cache.get(ORGANISATION_NAMES_KEY)
    return found


def forget_organisation_names(**kwargs) -> None:
    cache.set(ORGANISATION_NAMES_KEY, uuid4().hex, None)


def walk_progress(walk: Page) -> Progress:
    """How far the walk's public findings have come, in one aggregate query."""
    return walks_progress([walk])[walk.pk]


def walks_progress(walks) -> dict[int, Progress]:
    """walk_progress of each of the walks (their own findings: the default locale's pages carry them), by the
    walk's id, in one aggregate query."""
    walk_ids = {walk.pk for walk in walks}
    counts = {walk_id: {} for walk_id in walk_ids}
    findings = apps.get_model("safety_walks", "Finding").objects.public()
    rows = findings.filter(walk_id__in=walk_ids).values_list("walk_id", "status").annotate(n=Count("pk")).order_by()
    for walk_id, status, n in rows:
        counts[walk_id][status] = n
    progress = {}
    for walk_id, by_walk in counts.items():
        by_status = {value: by_walk.get(value, 0) for value in FindingStatus.values}
        resolved = by_status[FindingStatus.RESOLVED]
        progress[walk_id] = Progress(total=sum(by_status.values()), resolved=resolved, by_status=by_status)
    return progress


def public_findings_text(walk: Page) -> str:
    """Searchable text of the walk's public findings (internal findings are never indexed)."""
    if not walk.pk:
        return ""
    rows = walk.findings.public().values_list("title", "description", "location")
    return "\n".join(" ".join(part for part in row if part) for row in rows)


# What a walk card reads of its walk (safety_walks/includes/walk_card.html): its title and address in the reader's
# language (estates.i18n.with_shown), its date; its areas and progress are read apart.
WALK_CARD_FIELDS = ("title", "url_path", "path", "depth", "live", "locale", "translation_key", "alias_of", "walk_date")


def walks_with_progress(walks: QuerySet, *, area_names: dict[int, list[str]] | None = None) -> QuerySet:
    """Walks for a listing (a walk card each), each with `card_areas` (its housing areas' names, by name) and
    `public_total` and `public_resolved`: its public findings and how many of them are resolved.

    Read when the list is, in one query each for the walks read (two counting subqueries per walk cost the list
    more than all of its other rows; Django's prefetching of the areas costs more than reading their names); the
    areas' names not read where `area_names` (by walk id, each in name order) already tells them.
    Only the columns a walk card reads (WALK_CARD_FIELDS) are read: a walk page has many more."""
    walks = walks.only(*WALK_CARD_FIELDS)
    walks._iterable_class = (
        _WalksWithProgress
        if area_names is None
        else type("_WalksWithProgress", (_WalksWithProgress,), {"area_names": area_names})
    )
    return walks


class _WalksWithProgress(ModelIterable):
    """The walks of a queryset, each given its areas' names (those of `area_names` known) and its public progress."""

    area_names: dict[int, list[str]] = {}  # read only: a subclass per list tells its walks' names

    def __iter__(self):
        walks = list(super().__iter__())
        if walks:
            ids = [walk.pk for walk in walks]
            findings = walks[0]._meta.get_field("findings").related_model.objects.public()
            counts = {
                walk_id: (total, resolved)
                for walk_id, total, resolved in findings.filter(walk__in=ids)
                .order_by()
                .values_list("walk")
                .annotate(total=Count("pk"), resolved=Count("pk", filter=Q(status=FindingStatus.RESOLVED)))
            }
            names = self.area_names
            unknown = [walk_id for walk_id in ids if walk_id not in names]
            if unknown:
                names = {**names, **_area_names(walks[0], unknown)}
            for walk in walks:
                walk.public_total, walk.public_resolved = counts.get(walk.pk, (0, 0))
                walk.card_areas = names.get(walk.pk, [])
        yield from walks


def _area_names(walk: Page, ids: list[int]) -> dict[int, list[str]]:
    """The housing areas' names of the walks by these ids, each walk's in name order."""
    areas = walk._meta.get_field("areas").remote_field.through.objects
    names = {}
    for walk_id, name in (
        areas.filter(walkpage_id__in=ids).order_by("housingarea__name").values_list("walkpage_id", "housingarea__name")
    ):
        names.setdefault(walk_id, []).append(name)
    return names
