"""Case counts for the housing organisation and the annual report, with small counts suppressed.

Every count below 3 is shown as "<3". The total of a year is known (it is the same in every table), so a
reader could still work a lone small count out: the total minus the other figures. Therefore, in a table
with any "<3", one more cell is hidden ("*"): the last cell of the table that is not small. The choice
depends only on which cells are small, never on their values, so the choice itself tells nothing. With a
hidden cell (3 or more, with no upper bound the reader knows) every count of 1 or 2 could also be 0: at
most a zero can be worked out, and a zero identifies no one. The same rule holds for the conflict types,
whose counts do not add up to the total (a case can have several types) but are bounded by it.

A table of small counts only, whose counts must all be 2 to reach the total, cannot be protected by hiding
a cell. Then nothing is published for that year, not even the total. Only whole calendar years are
published, so that two publications never overlap and cannot be subtracted from each other. The result
holds strings only: nothing here can lead back to a case.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from estates.models import HousingArea

SMALL_COUNT = 3
SMALL = "<3"
HIDDEN = "*"


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    heading: str
    rows: tuple[Row, ...]
    total: str | None  # None for a table whose rows do not add up to the total (conflict types)
    note: str = ""


@dataclass(frozen=True)
class Publication:
    year: int
    total: str
    tables: tuple[Table, ...]
    withheld: bool = False  # too few cases to publish anything without a count being worked out

    @property
    def values(self) -> list[str]:
        return [self.total] + [row.value for table in self.tables for row in table.rows]

    @property
    def has_small_counts(self) -> bool:
        return SMALL in self.values

    @property
    def has_hidden_counts(self) -> bool:
        return HIDDEN in self.values


def suppress(counts: Sequence[int], total: int | None) -> list[str] | None:
    """The counts as shown, given the total the reader knows (None when it is itself small and hidden).

    None when the counts cannot be protected: every one is small and the total forces them all to be 2.
    """
    shown = [SMALL if count < SMALL_COUNT else str(count) for count in counts]
    if SMALL not in shown:
        return shown
    others = [index for index, value in enumerate(shown) if value != SMALL]
    if others:
        shown[others[-1]] = HIDDEN
        return shown
    if total is not None and total >= (SMALL_COUNT - 1) * len(counts):
        return None
    return shown


def _raw_tables(year: int, cases: QuerySet) -> tuple[int, list[tuple[str, str, str, list[tuple[str, int]], bool, str]]]:
    of_the_year = cases.filter(intake_date__year=year)
    rows = list(of_the_year.values_list("pk", "area_id", "outcome", "intake_date"))
    by_area = Counter(area_id for _pk, area_id, _outcome, _date in rows)
    by_outcome = Counter(outcome for _pk, _area, outcome, _date in rows)
    by_quarter = Counter((intake.month - 1) // 3 + 1 for _pk, _area, _outcome, intake in rows)
    areas = [(area.name, by_area[area.pk]) for area in HousingArea.objects.only("name").order_by("name")]
    areas.append((str(_("No housing area recorded")), by_area[None]))
    outcomes = [(str(label), by_outcome[value]) for value, label in cases.model.Outcome.choices]
    outcomes.append((str(_("Not closed yet")), by_outcome[""]))
    quarters = [(str(_("Quarter %(number)s") % {"number": n}), by_quarter[n]) for n in range(1, 5)]
    types = [(str(conflict_type), count) for conflict_type, count in of_the_year.conflict_type_counts()]
    tables = [
        ("area", str(_("Cases by housing area")), str(_("Housing area")), areas, True, ""),
        ("quarter", str(_("Cases by quarter (intake)")), str(_("Quarter")), quarters, True, ""),
        ("outcome", str(_("Cases by outcome")), str(_("Outcome")), outcomes, True, ""),
        (
            "conflict_type",
            str(_("Cases by conflict type")),
            str(_("Conflict type")),
            types,
            False,
            str(_("A case can concern more than one type, so these figures do not add up to the total.")),
        ),
    ]
    return len(rows), tables


def year_statistics(year: int, *, cases: QuerySet) -> Publication:
    """The suppressed figures of one calendar year of these cases (by their intake date): the public page
    counts every case, the admin screen the cases its reader may see (a mediation lead: all)."""
    total, raw = _raw_tables(year, cases)
    known_total = total if total >= SMALL_COUNT else None
    tables = []
    for key, title, heading, rows, adds_up, note in raw:
        shown = suppress([count for _label, count in rows], known_total)
        if shown is None:
            return Publication(year=year, total="", tables=(), withheld=True)
        tables.append(
            Table(
                key=key,
                title=title,
                heading=heading,
                rows=tuple(Row(label, value) for (label, _count), value in zip(rows, shown, strict=True)),
                total=(str(total) if known_total is not None else SMALL) if adds_up else None,
                note=note,
            )
        )
    return Publication(year=year, total=str(total) if known_total is not None else SMALL, tables=tuple(tables))


def years_with_cases(cases: QuerySet) -> list[int]:
    """The years with at least one case, newest first: the span's ends, then one count per year in it (a range
    on the indexable date each, where `dates()` truncated every case's date in Python on SQLite)."""
    span = cases.aggregate(first=Min("intake_date"), last=Max("intake_date"))
    if span["first"] is None:
        return []
    years = range(span["first"].year, span["last"].year + 1)
    counts = cases.aggregate(**{f"y{year}": Count("pk", filter=Q(intake_date__year=year)) for year in years})
    return [year for year in reversed(years) if counts[f"y{year}"]]
