"""The attendance report's rows: occurrences, participants by age group and new participants, by quarter
and housing area, summed from whichever attendance records the report's filters chose."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models.attendance import COUNT_FIELDS

# The report's columns, in order, with their Danish-translated headings (screen, CSV and XLSX alike).
COLUMNS = {
    "year": _("Year"),
    "quarter": _("Quarter"),
    "area": _("Housing area"),
    "occurrences": _("Occurrences recorded"),
    "children": _("Children"),
    "youth": _("Young people"),
    "adults": _("Adults"),
    "elderly": _("Elderly"),
    "total": _("Participants in all"),
    "new_participants": _("New participants"),
}


@dataclass(frozen=True)
class ReportRow:
    year: int
    quarter: int
    area: str
    occurrences: int
    children: int
    youth: int
    adults: int
    elderly: int
    total: int
    new_participants: int

    @property
    def quarter_label(self) -> str:
        return f"{self.quarter}."


def _sums():
    sums = {name: Sum(name) for name in COUNT_FIELDS}
    return {**sums, "new": Sum("new_participants"), "occurrences": Count("pk", distinct=True)}


def _row(values: dict, area: str) -> ReportRow:
    counts = {name: values[name] or 0 for name in COUNT_FIELDS}
    return ReportRow(
        year=values["year"],
        quarter=values["quarter"],
        area=area,
        occurrences=values["occurrences"],
        total=sum(counts.values()),
        new_participants=values["new"] or 0,
        **counts,
    )


def attendance_rows(records) -> list[ReportRow]:
    """Rows per quarter and housing area, then one row for all areas per quarter (two queries).

    `records` is an Attendance queryset (already filtered). An activity in two areas counts in both
    area rows, but once in the all-areas row.
    """
    records = records.annotate(year=ExtractYear("occurrence_date"), quarter=ExtractQuarter("occurrence_date"))
    by_area = list(
        records.annotate(area_name=F("activity__areas__name"))
        .values("year", "quarter", "area_name")
        .annotate(**_sums())
        .order_by("year", "quarter", "area_name")
    )
    totals = {
        (values["year"], values["quarter"]): values
        for values in records.values("year", "quarter").annotate(**_sums()).order_by("year", "quarter")
    }
    rows: list[ReportRow] = []
    for key, total in totals.items():
        for values in by_area:
            if (values["year"], values["quarter"]) == key:
                rows.append(_row(values, values["area_name"] or gettext("The whole estate")))
        rows.append(_row(total, gettext("All areas")))
    return rows
