"""Domain reads of safety walks as QuerySet methods: what "open", "overdue", "public" and "visible to"
mean is written here once; policies, selectors, admin screens, reminders, panels and the API ask these."""

from collections import defaultdict
from datetime import date

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from estates.access import roles_of
from safety_walks.lookups import NotInWritten
from safety_walks.statuses import (
    CLOSED_RESPONSIBILITY_STATUSES,
    CLOSED_STATUSES,
    FindingStatus,
    ResponsibilityStatus,
)


class ResponsibilityQuerySet(models.QuerySet):
    def open(self):
        """Not resolved and not given up: someone still has work to do."""
        return self.exclude(status__in=CLOSED_RESPONSIBILITY_STATUSES)

    def overdue(self, *, on: date):
        """Open, with a deadline before the given day."""
        return self.open().filter(deadline__lt=on)

    def overdue_along_open_index(self, *, on: date):
        """`overdue()` in the words of the partial index sw_resp_open_by_deadline (the statuses written into the
        SQL), so SQLite reads the oldest ones and counts them along it instead of scanning every responsibility."""
        return self.filter(NotInWritten(F("status"), CLOSED_RESPONSIBILITY_STATUSES), deadline__lt=on)

    def for_organisations(self, organisation_ids):
        return self.filter(organisation_id__in=organisation_ids)

    def in_work_order(self, *, on: date):
        """Open ones first, overdue first among them, then by deadline (none last) and the finding's
        priority: the order a partner works in, done by the database so a list can be paged."""
        closed = Q(status__in=CLOSED_RESPONSIBILITY_STATUSES)
        return self.annotate(
            closed_rank=Case(When(closed, then=Value(1)), default=Value(0)),
            overdue_rank=Case(When(~closed & Q(deadline__lt=on), then=Value(0)), default=Value(1)),
        ).order_by("closed_rank", "overdue_rank", F("deadline").asc(nulls_last=True), "finding__priority", "pk")

    def visible_to(self, user):
        """Staff see every responsibility; a partner their organisations' ones; anyone else none."""
        roles = roles_of(user)
        if roles.is_staff_member:
            return self.all()
        return self.for_organisations(roles.organisation_ids)

    def count_and_first_per_organisation(self, organisation_ids, limit: int) -> tuple[dict[int, int], models.QuerySet]:
        """For a digest: how many of these responsibilities each organisation has ({organisation id: count}, those
        with none left out), and a queryset of each one's first `limit` in (deadline, pk) order, without numbering
        every row. One query asks per organisation its count and the deadline of its `limit`th, both along the index
        on (organisation, deadline, status) (these responsibilities must be filterable along it, as `overdue()` is);
        only the rows up to that deadline (its ties included) are then numbered to cut each organisation's at
        `limit`, instead of all of them (the partners' weekly digest numbered 12,650 rows to show 1,000)."""
        of_each = self.filter(organisation=OuterRef("pk"))
        organisations = self.model._meta.get_field("organisation").related_model.objects.filter(pk__in=organisation_ids)
        per_organisation = organisations.order_by().annotate(
            count=Subquery(of_each.order_by().values("organisation").annotate(n=Count("pk")).values("n")),
            last_shown=Subquery(of_each.order_by("deadline").values("deadline")[limit - 1 : limit]),
        )
        counts: dict[int, int] = {}
        up_to: dict[date | None, list[int]] = defaultdict(list)
        for organisation_id, count, last_shown in per_organisation.values_list("pk", "count", "last_shown"):
            if count:
                counts[organisation_id] = count
                up_to[last_shown].append(organisation_id)  # None: fewer than `limit`, every one is shown
        if not counts:
            return counts, self.none()
        shown = Q()
        for last_shown, ids in up_to.items():
            shown |= Q(organisation_id__in=ids, **({} if last_shown is None else {"deadline__lte": last_shown}))
        numbered = self.filter(shown).annotate(
            place=Window(RowNumber(), partition_by=[F("organisation_id")], order_by=[F("deadline"), F("pk")])
        )
        return counts, self.filter(pk__in=numbered.filter(place__lte=limit).values("pk"))


class FindingQuerySet(models.QuerySet):
    def public(self):
        """Findings residents may read (internal ones, such as a place where drugs are sold, are not)."""
        return self.filter(is_public=True)

    def internal(self):
        return self.filter(is_public=False)

    def open(self):
        """Not resolved and not given up."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def for_organisations(self, organisation_ids):
        """Findings on which one of the organisations holds a responsibility."""
        return self.filter(pk__in=self._responsibilities().for_organisations(organisation_ids).values("finding_id"))

    def visible_to(self, user):
        """Staff see every finding; a partner those their organisation is responsible for; anyone else none."""
        roles = roles_of(user)
        if roles.is_staff_member:
            return self.all()
        if roles.organisation_ids:
            return self.for_organisations(roles.organisation_ids)
        return self.none()

    def overdue(self, *, on: date):
        """Findings with at least one overdue responsibility."""
        return self.filter(Exists(self._responsibilities().overdue(on=on).filter(finding=OuterRef("pk"))))

    def overdue_by_keys(self, *, on: date):
        """The same rows as `overdue(on=)`, said the other way round: the findings named by the overdue
        responsibilities (IN), read along the partial index of open responsibilities by (deadline, finding)
        (`overdue_along_open_index`). Starts from the overdue responsibilities instead of asking EXISTS of every
        finding in the order it is listed, which reads every finding before the first overdue one (11,000 of a
        walk without any in the bench); rows and count read that index alone."""
        return self.filter(pk__in=self._responsibilities().overdue_along_open_index(on=on).values("finding_id"))

    def with_next_deadline(self):
        """Annotated `open_deadline`: the earliest deadline among the finding's open responsibilities."""
        earliest = self._responsibilities().open().filter(finding=OuterRef("pk")).order_by("deadline")
        return self.annotate(open_deadline=Subquery(earliest.exclude(deadline=None).values("deadline")[:1]))

    def quiet_since(self, moment):
        """Open findings with no news since `moment`: no update since then, and either an older update or the
        finding itself older. Written with EXISTS, not a MAX over every update, so counting them is cheap."""
        updates = self._related("updates").filter(finding=OuterRef("pk"))
        return (
            self.open()
            .exclude(Exists(updates.filter(created_at__gte=moment)))
            .filter(Q(created_at__lt=moment) | Exists(updates))
        )

    def with_last_news(self):
        """Annotated `last_news`: the newest update's time, or the finding's own when it has none."""
        newest = self._related("updates").filter(finding=OuterRef("pk")).order_by("-created_at")
        return self.annotate(last_news=Coalesce(Subquery(newest.values("created_at")[:1]), "created_at"))

    def count_quiet_since(self, moment) -> int:
        """How many findings `quiet_since(moment)` has, in one query that asks no open finding made before `moment`
        about its updates: the open ones, less those with an update since `moment` (the recent updates read once),
        less those made since that have no update at all (read along the index on (created_at, status))."""
        updates = self._related("updates")
        counts = self.open().aggregate(
            open=Count("pk"),
            with_news=Count("pk", filter=Q(pk__in=updates.filter(created_at__gte=moment).values("finding_id"))),
            new_without_updates=Count(
                "pk", filter=Q(created_at__gte=moment) & ~Exists(updates.filter(finding=OuterRef("pk")))
            ),
        )
        return counts["open"] - counts["with_news"] - counts["new_without_updates"]

    def quietest_since(self, moment, limit: int, fields: tuple[str, ...] = ()) -> list[dict]:
        """The first `limit` of `quiet_since(moment).with_last_news()` in ("last_news", "pk") order, as rows of "pk",
        "last_news" and `fields`, without sorting every quiet finding (two queries): the quiet ones without any
        update (their last news is their own time) are read along the index on (created_at, status); only findings
        with an update from before the last of those can come earlier, found from the updates' own index."""
        updates = self._related("updates")
        columns = ("pk", "last_news", *fields)
        never_updated = list(
            self.open()
            .filter(created_at__lt=moment)
            .exclude(Exists(updates.filter(finding=OuterRef("pk"))))
            .annotate(last_news=F("created_at"))
            .order_by("created_at", "pk")
            .values(*columns)[:limit]
        )
        until = never_updated[-1]["last_news"] if len(never_updated) == limit else moment
        updated = list(
            self.quiet_since(moment)
            .filter(pk__in=updates.filter(created_at__lte=until).values("finding_id"))
            .with_last_news()
            .order_by("last_news", "pk")
            .values(*columns)[:limit]
        )
        return sorted(never_updated + updated, key=lambda row: (row["last_news"], row["pk"]))[:limit]

    def count_per_walk(self):
        """An expression for annotating walks: how many of these findings the walk has."""
        counts = self.filter(walk=OuterRef("pk")).order_by().values("walk").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counts), 0)

    def derive_status(self) -> int:
        """Set each finding's status from its responsibilities (those whose status staff did not set by hand),
        in one UPDATE that reads the responsibilities as they are in the database. Returns the rows changed.

        The rule: no responsibility yet: registered; all resolved: resolved; all closed, some not resolved:
        cannot be resolved; none started: responsibility placed; otherwise in progress."""
        theirs = self._responsibilities().filter(finding=OuterRef("pk"))
        derived = Case(
            When(~Exists(theirs), then=Value(FindingStatus.REGISTERED)),
            When(~Exists(theirs.exclude(status=ResponsibilityStatus.RESOLVED)), then=Value(FindingStatus.RESOLVED)),
            When(~Exists(theirs.open()), then=Value(FindingStatus.CANNOT_BE_RESOLVED)),
            When(
                ~Exists(theirs.exclude(status=ResponsibilityStatus.PLACED)),
                then=Value(FindingStatus.RESPONSIBILITY_PLACED),
            ),
            default=Value(FindingStatus.IN_PROGRESS),
        )
        return self.filter(status_set_by_staff=False).update(status=derived, updated_at=timezone.now())

    def with_public_report(self, *, photo_rendition: str):
        """What a finding's card on the walk report shows, prefetched: its category, its photo, and its
        responsibilities with their organisations (the public timeline is the report's own prefetch)."""
        return self.select_related("category", "photo").prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=self._responsibilities().select_related("organisation").order_by("sort_order", "pk"),
            ),
        )

    def _responsibilities(self) -> ResponsibilityQuerySet:
        return self._related("responsibilities")

    def _related(self, name: str) -> models.QuerySet:
        """The model on the other side of a relation, read from the field: this module stays free of model
        imports, so the models can import it."""
        return self.model._meta.get_field(name).related_model.objects.all()


class FindingUpdateQuerySet(models.QuerySet):
    def not_hidden(self):
        """Updates whose public part staff have not hidden (a partner's note may be taken down, with a reason)."""
        return self.filter(public_note_hidden_at=None)

    def public(self):
        """Updates residents may see: on a public finding, and their public part not hidden by staff.
        The walk page, feeds, the API and photo serving read this; an update without a public note is
        still public (its status change is part of the finding's public timeline)."""
        finding_model = self.model._meta.get_field("finding").related_model
        return self.not_hidden().filter(finding__in=finding_model.objects.public())

    def with_public_note(self):
        """Public updates that say something to residents."""
        return self.public().exclude(public_note="")


class ThemeMeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings announced to residents (on the walk report, in the calendar, as local problems)."""
        return self.filter(is_public=True)
