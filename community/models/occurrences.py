"""Stored occurrences: each activity expanded into indexed rows (#15), so the calendar reads rows instead of
expanding repetitions in Python on every request.

A row mirrors the schedule on the activity's page row (what is published once it is live): one row per
occurrence, cancelled and moved ones included and flagged. The rows are replaced whenever the schedule
changes (ActivityPage.save, publishing, unpublishing, a changed exception: community/signals.py) and
extended nightly for repetitions that run past the horizon (community/tasks.py). Which activities a
resident may see is decided by the activity (live, public, in the calendar, the filters), through
`of_activities()`; the rows hold when, and where residents see them: `listed_in`, the calendar listing
the activity while it is published, so the calendar's own list and month read rows by calendar without
joining the page tree (`listed_in()`; kept on publishing, unpublishing, saving, moving and privacy settings:
community/signals.py).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from wagtail.models import Page

from community import recurrence, signals
from community.recurrence import Occurrence, Window, to_local
from estates.i18n import default_locale_id, in_source_locale, is_source

# Rows are kept this far ahead; a repetition that runs longer is extended by the nightly schedule.
HORIZON_DAYS = getattr(settings, "BOLIGSOCIAL_OCCURRENCE_HORIZON_DAYS", 2 * 366)


def horizon(now: datetime | None = None) -> datetime:
    """The moment up to which occurrences are stored today."""
    return (now or timezone.now()) + timedelta(days=HORIZON_DAYS)


class StoredOccurrenceQuerySet(models.QuerySet):
    def in_window(self, window: Window):
        """Occurrences that overlap the window [start, end)."""
        return self.filter(start__lt=window.end, end__gt=window.start)

    def ended_by(self, moment: datetime):
        return self.filter(end__lte=moment)

    def ending_after(self, moment: datetime):
        return self.filter(end__gt=moment)

    def starting_from(self, moment: datetime):
        return self.filter(start__gte=moment)

    def ended_in(self, window: Window):
        """Occurrences that overlap the window and are over by its end (what a reminder the day after looks back
        on): a range of the `end` index as long as the window, however long the history."""
        return self.in_window(window).ended_by(window.end)

    def starting_on(self, days):
        """Occurrences whose first local day is one of these days."""
        return self.filter(first_day__in=list(days))

    def not_started_by(self, moment: datetime):
        """Occurrences still to begin after `moment`."""
        return self.filter(start__gt=moment)

    def not_cancelled(self):
        return self.filter(cancelled=False)

    def of_live_activities(self):
        """Occurrences of live activities, whether residents may see them or not (staff's reminders): a private
        activity is run and evaluated too. One per activity however many languages present it (only the
        default locale's page keeps rows; asked again here). Asked per row (of_activities), so the database
        walks the rows' time index rather than every live page of the site."""
        return self.of_activities(in_source_locale(self._activities().live()))

    def without_attendance(self):
        """Occurrences whose activity has no attendance recorded for the day they started on (one index
        look-up per row: attendance is unique per activity and date)."""
        attendance = self._activities().model._meta.get_field("attendance_records").related_model
        recorded = attendance.objects.filter(activity_id=OuterRef("activity_id"), occurrence_date=OuterRef("first_day"))
        return self.filter(~Exists(recorded))

    def of_activities(self, activities):
        """Occurrences of the activities in an ActivityPage queryset (a calendar's, filtered, ...): one subquery.

        A correlated EXISTS rather than `activity_id IN (...)`: with IN, SQLite drives the query from the
        activity index and sorts every row of the window; with EXISTS it walks the time-ordered index and
        stops at a page's end (PostgreSQL plans both as the same semi-join)."""
        return self.filter(Exists(activities.filter(pk=OuterRef("activity_id")).values("pk")))

    def of_activities_to_count(self, activities):
        """As of_activities, for reading every row of a window (a count): `activity_id IN (...)`, the list of
        activities built once, is cheaper there than a lookup per row. (`activity_id + 0`, which keeps SQLite on
        the time index, measured slower for a year's count: the activity index reads only the window's rows.)"""
        return self.filter(activity__in=activities.values("pk"))

    def listed_in(self, calendar):
        """Occurrences of the calendar's published activities (what `calendar.activities()` lists), read on the
        rows themselves: `listed_in` is kept on each row (`StoredOccurrenceManager.listing_of`), so a list or a
        month is an index range scan instead of a join with the page tree per row. A translation or alias of
        the calendar lists the default locale's activities (ActivityPageQuerySet.of_calendar)."""
        if is_source(calendar):
            return self.filter(listed_in=calendar.pk)
        source = Page.objects.filter(translation_key=calendar.translation_key, locale_id=default_locale_id())
        return self.filter(listed_in=Subquery(source.values("pk")[:1]))

    def _activities(self):
        return self.model._meta.get_field("activity").related_model.objects

    def of_published_activities(self):
        """What residents may see: occurrences of live activities that are not behind a privacy setting."""
        return self.of_activities(self._activities().published())

    def in_area(self, area):
        """Occurrences of activities in the housing area or for the whole estate (as ActivityPage.in_area)."""
        return self.of_activities(self._activities().in_area(area))

    def for_target_group(self, code: str):
        """Occurrences of activities for the target group or for all residents (as ActivityPage.for_target_group)."""
        return self.of_activities(self._activities().for_target_group(code))

    def with_theme(self, theme: str):
        return self.filter(activity__theme=theme)

    # `spans_days=True` is written as the bare column on SQLite, which cannot look it up in the (spans_days,
    # start) index: the lookup would walk every later row. `IN` with one value is an equality the index serves.
    def single_day(self):
        return self.filter(spans_days__in=[False])

    def spanning_days(self):
        return self.filter(spans_days__in=[True])

    def in_time_order(self, *, newest_first: bool = False):
        """The order of every list: by start and end (then activity, so a page never reshuffles)."""
        return self.order_by(*(f"-{name}" if newest_first else name for name in self.model.TIME_ORDER))


class StoredOccurrenceManager(models.Manager.from_queryset(StoredOccurrenceQuerySet)):
    VERSION_KEY = "community:stored-occurrences-version"
    # The row's own fields a month cell reads (month_cells: then its activity's title and slug, and whether the
    # row spans days).
    MONTH_CELL_FIELDS = ("start", "end", "all_day", "cancelled", "moved_from", "activity")

    def version(self, *, timeout: int) -> str:
        """A token that changes whenever rows are stored (or replaced, or dropped: `store`), for keys of what is
        rendered from them: one cache read. A new token is drawn when the cache has none, so an emptied or
        evicted cache never brings back an old key. It lives `timeout` seconds, what the parts keyed on it
        live: with a cache per process (no shared cache), another process's change is seen that late at most.
        (Counting the rows for it read the whole table, which grows with the horizon.)"""
        token = cache.get(self.VERSION_KEY)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(self.VERSION_KEY, token, timeout):
                token = cache.get(self.VERSION_KEY) or token
        return token

    def _rows_changed(self) -> None:
        """Draw a new version now and again once the change is committed (a reader in between may have keyed
        the rows it saw before the commit on the token drawn now)."""
        cache.delete(self.VERSION_KEY)
        transaction.on_commit(lambda: cache.delete(self.VERSION_KEY), using=self.db)

    def month_cells(self, window: Window, *, per_day: int, calendar=None, activities=None) -> tuple[dict, list]:
        """What a month's table reads of the rows overlapping the window, in one query: how many rows start on each
        local day of the window that has any ({day: count}), and the rows its cells may show: each day's
        first `per_day` one-day rows in time order, and every row that spans days (few). Each row is
        (start, end, all_day, cancelled, moved_from, activity id, activity title, activity slug, spans_days),
        the activity's title and slug those of its (default locale's) page.
        With `calendar`, the rows of the calendar's published activities (`listed_in`), narrowed to `activities`
        if given (None: all of them); without, the rows of `activities`.

        Written as SQL (the activities' subquery compiled once): building it with Django's expressions, and
        reading the chosen rows in a second query, cost more than running it. The count reads the month's rows
        on the day index, the activities listed once (`activity_id + 0` keeps SQLite on the day index,
        covering: no sort, no row reads); each day's first few are a short walk of that index per day (SQLite
        and PostgreSQL work a subquery correlated on the grouped column out once per day), then read by id;
        the rows spanning days are a range of the spans index."""
        connection = connections[self.db]
        quote = connection.ops.quote_name
        meta = self.model._meta
        table, pages = quote(meta.db_table), quote(Page._meta.db_table)
        day, start, end, activity, spans, listed = (
            quote(meta.get_field(name).column)
            for name in ("first_day", "start", "end", "activity", "spans_days", "listed_in")
        )
        columns = [f"v.{quote(meta.get_field(name).column)}" for name in self.MONTH_CELL_FIELDS]
        columns += [f"p.{quote(Page._meta.get_field(name).column)}" for name in ("title", "slug")]
        columns.append(f"v.{spans}")
        outer, outer_params, inner, inner_params = [], [], [], []
        if calendar is not None:
            # The calendar's id, or for a translation the default locale's calendar found in the query.
            if is_source(calendar):
                calendar_sql, calendar_params = "%s", [calendar.pk]
            else:
                source = Page.objects.filter(translation_key=calendar.translation_key, locale_id=default_locale_id())
                calendar_sql, calendar_params = source.values("pk")[:1].query.sql_with_params()
                calendar_sql = f"({calendar_sql})"
            outer.append(f"o.{listed} = {calendar_sql}")
            inner.append(f"v.{listed} = {calendar_sql}")
            outer_params += calendar_params
            inner_params += calendar_params
        if activities is not None:
            try:
                chosen, chosen_params = activities.order_by().values("pk").query.sql_with_params()
                # Per row walked (a few a day): is its activity one of them, by primary key.
                its, its_params = (
                    activities.order_by().filter(pk=RawSQL(f"v.{activity}", ())).values("pk").query.sql_with_params()  # noqa: S611
                )
            except EmptyResultSet:  # no activity can match (an empty choice)
                return {}, []
            outer.append(f"o.{activity} + 0 IN ({chosen})")
            inner.append(f"EXISTS ({its})")
            outer_params += chosen_params
            inner_params += its_params
        # Quoted names and SQL that Django compiled; every value is a parameter.
        inner_where = "".join(f" AND {condition}" for condition in inner)
        outer_where = "".join(f" AND {condition}" for condition in outer)
        first_few = "".join(
            f", (SELECT v.id FROM {table} v WHERE v.{day} = o.{day} AND v.{spans} IN (%s){inner_where}"  # noqa: S608
            f" ORDER BY v.{day}, v.{start}, v.{end}, v.{activity}, v.id LIMIT 1 OFFSET {int(n)}) AS f{int(n)}"
            for n in range(per_day)
        )
        chosen_ids = ", ".join(f"d.f{int(n)}" for n in range(per_day)) or "NULL"
        row = ", ".join(columns)
        sql = (
            f"WITH d AS (SELECT o.{day} AS day, COUNT(o.id) AS n{first_few} FROM {table} o"  # noqa: S608
            f" WHERE o.{day} BETWEEN %s AND %s{outer_where} GROUP BY o.{day})"
            f" SELECT d.day, d.n, {row} FROM d LEFT JOIN {table} v ON v.id IN ({chosen_ids})"
            f" LEFT JOIN {pages} p ON p.id = v.{activity}"
            f" UNION ALL SELECT NULL, NULL, {row} FROM {table} v INNER JOIN {pages} p ON p.id = v.{activity}"
            f" WHERE v.{spans} IN (%s) AND v.{start} < %s AND v.{end} > %s{inner_where}"
        )
        first_day = to_local(window.start).date()
        last_day = to_local(window.end - timedelta(microseconds=1)).date()
        params = [*([False, *inner_params] * per_day)]
        params += [connection.ops.adapt_datefield_value(first_day), connection.ops.adapt_datefield_value(last_day)]
        params += outer_params
        params += [True, *(connection.ops.adapt_datetimefield_value(moment) for moment in (window.end, window.start))]
        params += inner_params
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return self._days_and_cells(found, connection)

    def _days_and_cells(self, found: list[tuple], connection) -> tuple[dict, list]:
        """month_cells' result from its query's rows: the backend's values made the fields' (dates, aware times)."""
        moment = self.model._meta.get_field("start")
        column = moment.get_col(self.model._meta.db_table)
        converters = [*connection.ops.get_db_converters(column), *moment.get_db_converters(connection)]

        def as_moment(value):
            for converter in converters:
                value = converter(value, column, connection)
            return value

        days, cells = {}, []
        for day, count, start, end, all_day, cancelled, moved_from, activity_id, title, slug, spans in found:
            if day is not None:  # a date, or on SQLite maybe its ISO text
                days[day if isinstance(day, date) else date.fromisoformat(str(day))] = count
            if start is not None:
                cells.append(
                    (
                        as_moment(start),
                        as_moment(end),
                        bool(all_day),
                        bool(cancelled),
                        as_moment(moved_from) if moved_from is not None else None,
                        activity_id,
                        title,
                        slug,
                        bool(spans),
                    )
                )
        return {
            value if isinstance(value, date) else date.fromisoformat(str(value)): n for value, n in days.items()
        }, cells

    def listing_of(self, activity_ids) -> dict[int, int]:
        """Where the rows of these activities are listed (`listed_in`): for each one that residents may see (live,
        not behind a privacy setting on it or a page above), the id of its parent page (its calendar: a
        calendar lists its children, ActivityPageQuerySet.of_calendar). Read from the database, so a page
        being saved is seen as written. Three queries (the view restrictions, the activities, their parents)."""
        model = self.model._meta.get_field("activity").related_model
        found = list(model.objects.filter(pk__in=activity_ids).published().values_list("pk", "path"))
        if not found:
            return {}
        parent_paths = {path[: -model.steplen] for _pk, path in found}
        parents = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "pk"))
        return {pk: parents[path[: -model.steplen]] for pk, path in found if path[: -model.steplen] in parents}

    def list_again(self, page) -> int:
        """Work out `listed_in` again for the rows of every activity at or below the page (after a move, or a
        privacy setting added or removed there); returns how many activities were looked at."""
        model = self.model._meta.get_field("activity").related_model
        path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()  # as stored now
        if path is None:
            return 0
        ids = list(model.objects.filter(path__startswith=path).values_list("pk", flat=True))
        for n in range(0, len(ids), 500):
            chunk = ids[n : n + 500]
            listing = self.listing_of(chunk)
            by_calendar: dict[int | None, list[int]] = {}
            for pk in chunk:
                by_calendar.setdefault(listing.get(pk), []).append(pk)
            for calendar_id, members in by_calendar.items():
                self.filter(activity_id__in=members).exclude(listed_in=calendar_id).update(listed_in=calendar_id)
        if ids:
            self._rows_changed()
        return len(ids)

    def store(self, activity, *, until: datetime | None = None, known_source: bool = False) -> int:
        """Replace the activity's rows with its occurrences up to the horizon; returns how many there are.
        (`known_source`: the caller chose default-locale pages only, no need to ask again.)"""
        if activity.pk is None or activity.starts_at is None or activity.ends_at is None:
            return 0
        if not known_source and not is_source(activity):
            # A translation or alias presents the default locale's page, whose rows are the activity's:
            # it keeps none of its own (any it was given before languages came are dropped).
            self.filter(activity_id=activity.pk).delete()
            self._rows_changed()
            return 0
        if recurrence.is_recurring(activity) and activity.recurrence_until is None:
            return 0  # invalid; clean() says so before a form ever saves it
        # The span ActivityPage.save() keeps (and a raw row carries); worked out again only if it is missing.
        first, last = activity.series_start, activity.series_end
        if first is None or last is None:
            first, last = recurrence.series_bounds(activity)
        end = min(last, until or horizon())
        found = recurrence.activity_occurrences(activity, start=first, end=max(end, first + timedelta(seconds=1)))
        listed_in = self.listing_of([activity.pk]).get(activity.pk)
        rows = [
            self.model.from_occurrence(occurrence, activity_id=activity.pk, listed_in=listed_in) for occurrence in found
        ]
        # Inside a page save (already a transaction) no savepoint is needed: a failure undoes the save too.
        with transaction.atomic(savepoint=False):
            self.filter(activity_id=activity.pk).delete()
            self.bulk_create(rows)
        self._rows_changed()
        return len(rows)

    def store_by_id(self, activity_id: int) -> int:
        """Store the occurrences of the activity with this id, if it still exists (for deferred refreshes)."""
        model = self.model._meta.get_field("activity").related_model
        activity = model.objects.filter(pk=activity_id).first()
        return self.store(activity) if activity is not None else 0

    def extend_past_horizon(self, now: datetime | None = None) -> int:
        """Store again the repetitions that run past yesterday's horizon (the nightly schedule); returns how many."""
        model = self.model._meta.get_field("activity").related_model
        cut = horizon(now) - timedelta(days=2)
        extended = 0
        activities = in_source_locale(model.objects.filter(series_end__gt=cut))
        for activity in activities.defer("body").iterator(chunk_size=200):
            self.store(activity, until=horizon(now), known_source=True)
            extended += 1
        return extended

    def store_missing(self) -> int:
        """Store the occurrences of every activity that has none yet (after migrating an existing site)."""
        model = self.model._meta.get_field("activity").related_model
        missing = in_source_locale(model.objects.exclude(pk__in=self.values("activity_id"))).defer("body")
        stored = 0
        for activity in missing.iterator(chunk_size=200):
            self.store(activity, known_source=True)
            stored += 1
        return stored


class StoredOccurrence(models.Model):
    """One occurrence of an activity, as residents see it: when, and whether cancelled or moved."""

    activity = models.ForeignKey(
        "community.ActivityPage", on_delete=models.CASCADE, related_name="stored_occurrences", editable=False
    )
    start = models.DateTimeField()
    end = models.DateTimeField()  # exclusive; for an all-day occurrence the local midnight after its last day
    first_day = models.DateField()  # local calendar days it touches, for the month and day views
    last_day = models.DateField()
    spans_days = models.BooleanField(default=False)  # last_day after first_day: few, read whole by the month
    all_day = models.BooleanField(default=False)
    cancelled = models.BooleanField(default=False)
    moved_from = models.DateTimeField(null=True)
    recurrence_id = models.DateTimeField(null=True)
    note = models.CharField(max_length=200, blank=True)
    # Where residents see the row: the id of the calendar listing its activity when the activity is published
    # (live, not behind a privacy setting), else null. Kept by `store` and `list_again` (community/signals.py).
    listed_in = models.IntegerField(null=True, editable=False)

    objects = StoredOccurrenceManager()

    # Lists, pages of lists and the month's first few per day all order by this (indexed) key.
    TIME_ORDER = ("start", "end", "activity_id", "pk")

    class Meta:
        ordering = ["start", "end", "activity_id", "pk"]
        indexes = [
            models.Index(fields=["start", "end", "activity"], name="community_occ_start_end"),
            models.Index(fields=["end"], name="community_occ_end"),
            models.Index(fields=["activity", "start"], name="community_occ_activity_start"),
            models.Index(fields=["first_day", "start", "end", "activity"], name="community_occ_day_order"),
            models.Index(fields=["spans_days", "start"], name="community_occ_spans_days"),
            models.Index(fields=["listed_in", "start", "end", "activity"], name="community_occ_listed_start"),
            models.Index(
                fields=["listed_in", "first_day", "start", "end", "activity"], name="community_occ_listed_day"
            ),
            models.Index(fields=["listed_in", "spans_days", "start"], name="community_occ_listed_spans"),
            # A calendar's list counts its rows as a range of this index (OccurrenceList.stats).
            models.Index(fields=["listed_in", "end", "activity"], name="community_occ_listed_end"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.start:%Y-%m-%d %H:%M}"

    @classmethod
    def from_occurrence(
        cls, occurrence: Occurrence, *, activity_id: int, listed_in: int | None = None
    ) -> StoredOccurrence:
        return cls(
            activity_id=activity_id,
            listed_in=listed_in,
            start=occurrence.start,
            end=occurrence.end,
            first_day=occurrence.first_day,
            last_day=occurrence.last_day,
            spans_days=occurrence.last_day > occurrence.first_day,
            all_day=occurrence.all_day,
            cancelled=occurrence.cancelled,
            moved_from=occurrence.moved_from,
            recurrence_id=occurrence.recurrence_id,
            note=occurrence.note,
        )

    def as_occurrence(self, activity) -> Occurrence:
        """The value the rest of the code reads (times in the calendar's zone, as expansion gives them), with
        the activity attached."""
        return Occurrence(
            uid=activity.ical_uid,
            title=activity.title,
            start=to_local(self.start),
            end=to_local(self.end),
            all_day=self.all_day,
            cancelled=self.cancelled,
            moved_from=to_local(self.moved_from) if self.moved_from else None,
            recurrence_id=to_local(self.recurrence_id) if self.recurrence_id else None,
            note=self.note,
            place=activity.place_label,
            activity=activity,
            activity_id=self.activity_id,
        )


signals.connect_listing(list_again=StoredOccurrence.objects.list_again)
