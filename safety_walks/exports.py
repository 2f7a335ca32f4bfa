"""The findings export staff and partners take to a meeting: one row per responsibility, as a spreadsheet.

XLSX with real date cells and Danish headings; CSV as Danish Excel opens it (UTF-8 with a byte-order mark,
semicolons, CRLF). Cells hold plain text and dates only: no HTML, and no text Excel would run as a formula.
Which findings is the caller's question (the findings list with its filters, scoped by policy); which
responsibilities and notes a user may read is `selectors.responsibilities_for_export`.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from safety_walks import policy, selectors

CSV_BOM = "\ufeff"
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
# Excel and LibreOffice run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    heading: str
    width: int = 18


COLUMNS = (
    Column(gettext_lazy("Finding number"), 10),
    Column(gettext_lazy("Finding"), 36),
    Column(gettext_lazy("Safety walk"), 28),
    Column(gettext_lazy("Date of the walk"), 14),
    Column(gettext_lazy("Housing area"), 20),
    Column(gettext_lazy("Category"), 18),
    Column(gettext_lazy("Place"), 22),
    Column(gettext_lazy("Shown to residents"), 10),
    Column(gettext_lazy("Organisation"), 24),
    Column(gettext_lazy("Task"), 30),
    Column(gettext_lazy("Status"), 18),
    Column(gettext_lazy("Deadline"), 12),
    Column(gettext_lazy("Overdue"), 10),
    Column(gettext_lazy("Latest public note"), 50),
    Column(gettext_lazy("Date of the note"), 16),
)


def rows(user, findings) -> Iterator[list]:
    """The export's rows (without headings): plain text, numbers, dates and datetimes, or None."""
    today = timezone.localdate()
    for responsibility in selectors.responsibilities_for_export(user, findings).iterator(chunk_size=500):
        finding = responsibility.finding
        note_at = responsibility.latest_public_note_at
        yield [
            *_finding_cells(finding),
            responsibility.organisation.name,
            responsibility.task,
            responsibility.get_status_display(),
            responsibility.deadline,
            _("Yes") if responsibility.is_overdue(today) else "",
            responsibility.latest_public_note or "",
            timezone.localtime(note_at).replace(tzinfo=None) if note_at else None,
        ]
    # Only staff see findings without a responsibility (a partner sees findings through their responsibilities).
    if policy.can_manage_findings(user):
        for finding in selectors.findings_without_responsibility(findings):
            yield [*_finding_cells(finding), _("No one yet"), "", finding.get_status_display(), None, "", "", None]


def _finding_cells(finding) -> list:
    walk = finding.walk
    return [
        finding.pk,
        finding.title,
        walk.title,
        timezone.localtime(walk.walk_date).date() if walk.walk_date else None,
        ", ".join(area.name for area in walk.areas.all()),
        finding.category.name if finding.category_id else "",
        finding.location,
        _("Yes") if finding.is_public else _("No, internal"),
    ]


def headings() -> list[str]:
    return [str(column.heading) for column in COLUMNS]


def safe_text(value: str) -> str:
    """A text Excel shows as text: one that would start a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# --- XLSX --------------------------------------------------------------------------------------------------


def xlsx_bytes(data: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Findings")[:31])
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for heading in headings():
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in data:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_cell(sheet, value):
    """A date or datetime as a real date cell; a text as text (safe_text: it never starts a formula, which is
    what openpyxl would make of a leading "="); anything else as it is. Plain values skip openpyxl's cell
    objects, its slow part."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        return safe_text(value)
    return value


def xlsx_response(data: Iterable[list], *, filename: str) -> FileResponse:
    return FileResponse(
        io.BytesIO(xlsx_bytes(data)),
        as_attachment=True,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"{filename}.xlsx",
    )


# --- CSV ---------------------------------------------------------------------------------------------------


class _Line:
    """csv.writer's file: hands back each written line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(data: Iterable[list]) -> Iterator[str]:
    """Danish Excel's CSV: a byte-order mark first (else it reads UTF-8 as Windows-1252), semicolons (the
    comma is the Danish decimal sign), CRLF line ends, dates as dd-mm-yyyy."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    yield CSV_BOM + writer.writerow(headings())
    for row in data:
        yield writer.writerow([_csv_value(value) for value in row])


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, str):
        return safe_text(value)
    return str(value)


def csv_response(data: Iterable[list], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(data)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def findings_response(user, findings, *, export_format: str, filename: str):
    """The export of these findings in "xlsx" or "csv" (None for any other format)."""
    if export_format == "xlsx":
        return xlsx_response(rows(user, findings), filename=filename)
    if export_format == "csv":
        return csv_response(rows(user, findings), filename=filename)
    return None
