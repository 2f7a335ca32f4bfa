"""The attendance report: occurrences, participants by age group and new participants, by quarter and
housing area, with CSV and XLSX export."""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields

from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from community.models import Attendance
from community.models.attendance import COUNT_FIELDS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def headings() -> list[str]:
    return [
        _("Year"),
        _("Quarter"),
        _("Housing area"),
        _("Occurrences recorded"),
        _("Children"),
        _("Young people"),
        _("Adults"),
        _("Elderly"),
        _("Participants in all"),
        _("New participants"),
    ]


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


def attendance_report(*, year: int | None = None, area=None, target_group: str = "") -> list[ReportRow]:
    """Rows per quarter and housing area, then one row for all areas per quarter.

    An activity in two areas counts in both area rows, but once in the all-areas row.
    """
    records = Attendance.objects.all()
    if year:
        records = records.filter(occurrence_date__year=year)
    if target_group:
        records = records.filter(activity__target_groups__code=target_group)
    if area is not None:
        records = records.filter(activity__areas=area)
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
                rows.append(_row(values, values["area_name"] or _("The whole estate")))
        rows.append(_row(total, _("All areas")))
    return rows


def _cell(value):
    """Numbers stay numbers; text that a spreadsheet would run as a formula is made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(rows: list[ReportRow], *, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    # Semicolons and a byte-order mark: what Danish Excel expects when it opens a CSV file.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings())
    for row in rows:
        writer.writerow([_cell(value) for value in astuple(row)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows: list[ReportRow], *, filename: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Attendance")[:31]
    sheet.append(headings())
    for row in rows:
        sheet.append([_cell(value) for value in astuple(row)])
    sheet.freeze_panes = "A2"
    for column, _field in zip("ABCDEFGHIJ", fields(ReportRow), strict=True):
        sheet.column_dimensions[column].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
