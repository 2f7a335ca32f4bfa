"""The calendar's occurrences: the stored rows of the activities, plus the meetings other apps put in the calendar.

Every list, the month, the day, the API and the home page read here. The activities' occurrences are
indexed rows (community/models/occurrences.py), counted and sliced in the database; the meetings come
from the calendar hook (few) and are merged in at their place in time, so a page of a long list costs
the same few queries whatever the number of activities.

For a paginated reader (the API): `count_occurrences(activities, window, filters=)` is the total, and
`calendar_occurrences(activities, window, filters=, offset=, limit=)` one page of it, in time order;
`OccurrenceList` is both, for Django's Paginator.

Like community/views.py this module imports no models: the rows are reached through the activities'
queryset (`activities.model`), so the page models can import the views that import this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db.models import Count, IntegerField, Q, Subquery

from community.recurrence import ONE_DAY, Occurrence, Window, local_midnight, sort_occurrences, to_local
from estates import i18n
from estates.calendar import calendar_entries

# A meeting announced without an end is shown (and exported) as lasting this long.
DEFAULT_MEETING_LENGTH = timedelta(hours=2)


# --- meetings from other apps ------------------------------------------------------------------


def entry_start(entry) -> datetime:
    """An all-day entry starts at local midnight of its day, whatever time it carries."""
    return local_midnight(to_local(entry.start).date()) if entry.all_day else entry.start


def entry_end(entry) -> datetime:
    if entry.all_day:  # the whole local day (23 or 25 hours on a daylight-saving night), never 00:00-02:00
        return local_midnight(to_local(entry.start).date() + ONE_DAY)
    return entry.end if entry.end is not None and entry.end > entry.start else entry.start + DEFAULT_MEETING_LENGTH


def entry_occurrence(entry) -> Occurrence:
    return Occurrence(
        uid=entry.uid,
        title=entry.title,
        start=entry_start(entry),
        end=entry_end(entry),
        all_day=entry.all_day,
        kind=entry.kind or "meeting",
        place=entry.place,
        note=entry.description,
        entry=entry,
    )


def meetings(window: Window, *, filters=None) -> list:
    """Calendar entries (theme and follow-up meetings) in the window that the filters let through."""
    if filters is not None and not filters.includes_meetings:
        return []
    area_slugs = filters.area_slugs if filters is not None else None
    return [
        entry
        for entry in calendar_entries(start=window.start, end=window.end, area_slugs=area_slugs)
        if window.overlaps(entry_start(entry), entry_end(entry))
    ]


# --- stored occurrences of activities ----------------------------------------------------------


def stored_rows(activities, window: Window, *, filters=None, to_count=False):
    """The stored occurrences of the activities (an ActivityPage queryset, narrowed by the filters) in the
    window; `to_count` for a query that reads all of them (a count) rather than the first few in time order."""
    if filters is not None:
        activities = filters.apply(activities)
    rows_model = activities.model._meta.get_field("stored_occurrences").related_model
    rows = rows_model.objects.in_window(window)
    return rows.of_activities_to_count(activities) if to_count else rows.of_activities(activities)


def listed_rows(calendar, activities, window: Window, *, filters=None, to_count=False):
    """As stored_rows for `calendar.activities()`, read by the calendar kept on each row (`listed_in`: an index
    range scan, no join with the page tree per row); `activities` (any ActivityPage queryset) only names the
    model. The filters, if they narrow, still ask the activities (without the privacy check: the row says
    whether its activity is published)."""
    rows_model = activities.model._meta.get_field("stored_occurrences").related_model
    return _listed(calendar, activities.model, rows_model.objects.in_window(window), filters=filters, to_count=to_count)


def _listed(calendar, activity_model, rows, *, filters=None, to_count=False):
    """Those of the rows listed in the calendar, narrowed by the filters (as listed_rows)."""
    rows = rows.listed_in(calendar)
    narrowed = _narrowed(activity_model, filters)
    if narrowed is None:
        return rows
    return rows.of_activities_to_count(narrowed) if to_count else rows.of_activities(narrowed)


def _narrowed(activity_model, filters):
    """Every activity the filters let through, or None when they let all through (CalendarFilters.apply returns
    the queryset it was given when no filter is set)."""
    if filters is None:
        return None
    every = activity_model.objects.all()
    narrowed = filters.apply(every)
    return None if narrowed is every else narrowed


def rows_version(activities, *, timeout: int) -> str:
    """Changes whenever any activity's occurrences are stored or deleted (one cache read: the manager's
    `version`); parts rendered from the rows are kept under it for at most `timeout` seconds."""
    rows_model = activities.model._meta.get_field("stored_occurrences").related_model
    return rows_model.objects.version(timeout=timeout)


def as_presented(found: list[Occurrence]) -> list[Occurrence]:
    """The activities' occurrences with the title and address of the page a reader of the active language
    sees (its translation or alias, one query); the activity itself stays the default locale's page."""
    activities = {occurrence.activity.pk: occurrence.activity for occurrence in found if occurrence.activity}
    return _retitled(found, i18n.presented(activities.values()))


def _retitled(found: list[Occurrence], shown: dict) -> list[Occurrence]:
    """Each occurrence of an activity that another page presents, with that page's title and address."""
    result = []
    for occurrence in found:
        page = shown.get(occurrence.activity_id)
        if page is not None and page.pk != occurrence.activity_id:
            language = i18n.language_shown(page, source_id=occurrence.activity_id)
            occurrence = replace(occurrence, title=page.title, link=page.url or "", title_language=language)
        result.append(occurrence)
    return result


def with_activities(rows) -> list[Occurrence]:
    """Rows (with their activity selected) as Occurrences, the activities' areas and target groups loaded,
    each titled and linked as the active language presents it."""
    rows = list(rows)
    if not rows:
        return []
    activities = [row.activity for row in rows]
    type(activities[0]).objects.attach_card_details(activities)
    return as_presented([row.as_occurrence(row.activity) for row in rows])


# What a list's card, the API and the home page read of a row and its activity: a page object with only these
# fields is far cheaper to build than a whole one (a Wagtail page has some thirty columns).
ROW_FIELDS = ("start", "end", "all_day", "cancelled", "moved_from", "recurrence_id", "note", "activity")
CARD_FIELDS = (
    "title",
    "slug",
    "url_path",
    "translation_key",
    "locale",
    "live",
    "intro",
    "theme",
    "status",
    "cancellation_note",
    "place_name",
    "place_address",
    "starts_at",
    "ends_at",
    "all_day",
)


def _with_activity(rows):
    return rows.select_related("activity").only(*ROW_FIELDS, *(f"activity__{name}" for name in CARD_FIELDS))


def sort_key(occurrence: Occurrence) -> tuple:
    """How meetings are ordered among themselves; among rows, a row comes first on the same start and end."""
    return (occurrence.start, occurrence.end, occurrence.title)


class RowCount(Subquery):
    """How many rows a queryset has, as a subquery: (SELECT COUNT(*) FROM (...))."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()

    def __init__(self, rows):
        super().__init__(rows.order_by().values("pk"))


class OccurrenceList:
    """The occurrences overlapping a window in time order, counted and sliced in the database.

    Supports len()/count() and slicing, so Django's Paginator pages it and the API takes offset and limit.
    `newest_first` lists backwards in time; `ended_only` keeps only what ended by the window's end.
    `calendar`: list that calendar's published activities (`calendar.activities()`), found by the calendar
    kept on their rows (listed_rows); `activities` then only names the model.
    `count_places`: whether counting also works out each meeting's place in the list (one query for both, for a
    reader who then slices beyond the first places); a reader of the first page does without it: the first
    places are the first rows and the meetings merged (`first`), and counting each meeting's rows before it is
    the dearer part of the count.
    """

    def __init__(
        self,
        activities,
        window: Window,
        *,
        filters=None,
        newest_first=False,
        ended_only=False,
        calendar=None,
        count_places=True,
    ):
        self.newest_first = newest_first
        self.count_places = count_places
        self.window = window
        self.later_rows = None
        if calendar is not None:
            rows = listed_rows(calendar, activities, window, filters=filters)
            # Counted as the rows ending after the window's start less those starting at or after its end: each a
            # range of an index (listed_in, end / start), where the overlap is a check of every row from either.
            objects = rows.model.objects
            counted = _listed(
                calendar, activities.model, objects.ending_after(window.start), filters=filters, to_count=True
            )
            if not ended_only:
                self.later_rows = _listed(
                    calendar, activities.model, objects.starting_from(window.end), filters=filters, to_count=True
                )
        else:
            if filters is not None:
                activities = filters.apply(activities)
            rows = stored_rows(activities, window)
            counted = stored_rows(activities, window, to_count=True)
        found = [entry_occurrence(entry) for entry in meetings(window, filters=filters)]
        if ended_only:  # what ended by the window's end started before it: the count's rows are a range of `end`
            rows, counted = rows.ended_by(window.end), counted.ended_by(window.end)
            found = [meeting for meeting in found if meeting.end <= window.end]
        self.rows = rows
        self.counted_rows = counted  # with later_rows (if any) left out, the rows that overlap the window
        self.meetings = sorted(found, key=sort_key, reverse=newest_first)
        self._stats = None
        self._total = None

    def _before(self, meeting: Occurrence) -> Q:
        """Rows listed before the meeting (a row comes first on the same start and end); `_row_before` for a row
        read."""
        earlier, tie = ("gt", "gte") if self.newest_first else ("lt", "lte")
        return Q(**{f"start__{earlier}": meeting.start}) | Q(start=meeting.start, **{f"end__{tie}": meeting.end})

    def _row_before(self, row: Occurrence, meeting: Occurrence) -> bool:
        """Whether a row read is listed before the meeting, as `_before` asks the database."""
        if self.newest_first:
            return row.start > meeting.start or (row.start == meeting.start and row.end >= meeting.end)
        return row.start < meeting.start or (row.start == meeting.start and row.end <= meeting.end)

    def _total_rows(self):
        return Count("pk") if self.later_rows is None else Count("pk") - RowCount(self.later_rows)

    def stats(self) -> tuple[int, list[int]]:
        """The number of rows and each meeting's place in the whole list (one query)."""
        if self._stats is None:
            counts = {"total": self._total_rows()}
            in_window = Q(start__lt=self.window.end)  # counted_rows may hold later rows
            counts.update(
                {f"before_{n}": Count("pk", filter=self._before(m) & in_window) for n, m in enumerate(self.meetings)}
            )
            values = self.counted_rows.aggregate(**counts)
            places = [values[f"before_{n}"] + n for n in range(len(self.meetings))]
            self._stats = (values["total"], places)
        return self._stats

    def count(self) -> int:
        if self._stats is None and not (self.count_places and self.meetings):
            if self._total is None:  # the rows alone (one query): the meetings are placed when a slice needs it
                self._total = self.counted_rows.aggregate(total=self._total_rows())["total"]
            return self._total + len(self.meetings)
        return self.stats()[0] + len(self.meetings)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop is not None and key.stop < 0):
            raise ValueError("Only forward slices of an occurrence list are supported.")
        return self.slice(key.start or 0, key.stop)

    def _ordered_rows(self):
        return self.rows.in_time_order(newest_first=self.newest_first)

    def read_rows(self, rows) -> list[Occurrence]:
        """A slice of the ordered rows as Occurrences, their activities as page objects (CalendarList reads
        plain values for its cards instead)."""
        return with_activities(_with_activity(rows))

    def slice(self, start: int, stop: int | None) -> list[Occurrence]:
        if stop is None:
            found = self.read_rows(self._ordered_rows()[start:] if start else self._ordered_rows())
            merged = sorted(found + self.meetings, key=sort_key, reverse=self.newest_first)
            return merged if not self.meetings else merged[start:] if start else merged
        if stop <= start:
            return []
        if not self.meetings:
            return self.read_rows(self._ordered_rows()[start:stop])
        if start == 0 and self._stats is None:
            return self.first(stop)
        _total, places = self.stats()
        rows_from = start - sum(1 for place in places if place < start)
        rows_to = stop - sum(1 for place in places if place < stop)
        rows = iter(self.read_rows(self._ordered_rows()[rows_from:rows_to]) if rows_to > rows_from else [])
        chosen = {place: meeting for place, meeting in zip(places, self.meetings, strict=True) if start <= place < stop}
        found = []
        for place in range(start, stop):
            if place in chosen:
                found.append(chosen[place])
                continue
            row = next(rows, None)
            if row is None:
                break
            found.append(row)
        return found

    def first(self, stop: int) -> list[Occurrence]:
        """The first `stop` places without counting where the meetings fall: the first `stop` rows and the
        meetings merged as `slice` places them (a meeting after every row before it)."""
        rows = self.read_rows(self._ordered_rows()[:stop])
        found, next_row, next_meeting = [], 0, 0
        while len(found) < stop:
            row = rows[next_row] if next_row < len(rows) else None
            meeting = self.meetings[next_meeting] if next_meeting < len(self.meetings) else None
            if meeting is not None and (row is None or not self._row_before(row, meeting)):
                found.append(meeting)
                next_meeting += 1
            elif row is not None:
                found.append(row)
                next_row += 1
            else:
                break
        return found


def calendar_occurrences(
    activities, window: Window, *, filters=None, offset: int = 0, limit: int | None = None
) -> list[Occurrence]:
    """The occurrences overlapping the window in time order; cancelled ones are included and flagged.

    `activities` is an ActivityPage queryset (a calendar's `activities()`, or every published one);
    the filters narrow it and the meetings other apps put in the calendar. `offset` and `limit` take
    one page of the list in the database (with `count_occurrences` for the total).
    """
    listing = OccurrenceList(activities, window, filters=filters)
    return listing.slice(offset, None if limit is None else offset + limit)


def count_occurrences(activities, window: Window, *, filters=None) -> int:
    """How many occurrences `calendar_occurrences` lists for the same arguments (one query, plus the meetings)."""
    return OccurrenceList(activities, window, filters=filters).count()


# --- the month: a few occurrences per day and how many there are ----------------------------


@dataclass
class DaySummary:
    count: int = 0
    shown: list = field(default_factory=list)


def _cell_occurrence(values: tuple, url_of_slug) -> Occurrence:
    """A month cell's occurrence from a row as StoredOccurrence.objects.month_cells reads it: plain values, no page
    instances (a month can show over a hundred different activities, and building a Wagtail page object is the
    dearest part)."""
    start, end, all_day, cancelled, moved_from, activity_id, title, slug, _spans_days = values
    return Occurrence(
        uid=f"activity-{activity_id}",
        title=title,
        start=to_local(start),
        end=to_local(end),
        all_day=all_day,
        cancelled=cancelled,
        moved_from=to_local(moved_from) if moved_from else None,
        activity_id=activity_id,
        link=url_of_slug(slug),
    )


def month_summary(
    activities, window: Window, *, url_of_slug, filters=None, per_day: int = 3, calendar=None
) -> dict[date, DaySummary]:
    """For each local day of the window with something on: how many occurrences and the first `per_day`.

    The month's rows never leave the database one by one: one query (StoredOccurrence.objects.month_cells)
    counts each day's on the day index and reads its first few one-day rows (a short walk of that index per
    day) and the rows that span days (few). The meetings are few and read whole. The occurrences carry
    their activity's address (`url_of_slug(slug)`: activities are children of their calendar), not the page.
    `calendar`: that calendar's published activities, read as in listed_rows (`activities` only names the
    model).
    """
    days_shown = _days_of(window)
    rows_model = activities.model._meta.get_field("stored_occurrences").related_model
    if calendar is not None:
        chosen_activities = _narrowed(activities.model, filters)
    else:
        chosen_activities = filters.apply(activities) if filters is not None else activities
    counts, rows = rows_model.objects.month_cells(
        window, per_day=per_day, calendar=calendar, activities=chosen_activities
    )
    # Rows that span days are counted on their first day there, and on their other days here.
    days = {day: DaySummary(count=count) for day, count in counts.items()}
    found = [_cell_occurrence(values, url_of_slug) for values in rows]
    in_window = set(days_shown)
    for occurrence, (*_row, spans_days) in zip(found, rows, strict=True):
        if spans_days:
            for day in occurrence.days:
                if day in in_window and day != occurrence.first_day:
                    days.setdefault(day, DaySummary()).count += 1
    for occurrence in [entry_occurrence(entry) for entry in meetings(window, filters=filters)]:
        found.append(occurrence)
        for day in occurrence.days:
            if day in in_window:
                days.setdefault(day, DaySummary()).count += 1
    for occurrence in sort_occurrences(_present_cells(found, rows_model)):
        for day in occurrence.days:
            summary = days.get(day)
            if summary is not None and len(summary.shown) < per_day:
                summary.shown.append(occurrence)
    return days


def _present_cells(found: list[Occurrence], rows_model) -> list[Occurrence]:
    """The month's cells as the active language presents their activities: nothing to ask in the default
    language; otherwise the activities' translation keys and their pages in that language (a few queries,
    once per month table: the table is kept)."""
    if not found or not i18n.presents_other_pages():
        return found
    activity_model = rows_model._meta.get_field("activity").related_model
    ids = {occurrence.activity_id for occurrence in found if occurrence.activity_id is not None}
    if not ids:
        return found
    activities = activity_model.objects.filter(pk__in=ids).only("translation_key", "locale")
    return _retitled(found, i18n.presented(activities))


def _days_of(window: Window) -> list[date]:
    first, last = to_local(window.start).date(), to_local(window.end - timedelta(microseconds=1)).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- one activity ------------------------------------------------------------------------------


def activity_coming(activity, window: Window) -> list[Occurrence]:
    """The stored occurrences of one activity that overlap the window, in time order (one query)."""
    rows = activity.stored_occurrences.in_window(window).order_by("start", "end", "pk")
    return [row.as_occurrence(activity) for row in rows]
