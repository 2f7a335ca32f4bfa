"""The participants of an activity (or one occurrence) as a file staff open in Excel: CSV or XLSX."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from community.admin_views import plain_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headings() -> list[str]:
    return [_("Status"), _("Name"), _("Email"), _("Phone"), _("Number of people"), _("Note"), _("Signed up")]


def rows(signups) -> list[list]:
    return [
        [
            str(signup.get_status_display()),
            signup.name,
            signup.email,
            signup.phone,
            signup.people,
            signup.note,
            timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for signup in signups
    ]


def csv_response(signups, *, filename: str) -> HttpResponse:
    """UTF-8 with a byte-order mark and semicolons, as Danish Excel opens it; formulas written as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings())
    writer.writerows([[plain_text(value) for value in row] for row in rows(signups)])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(signups, *, filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Participants")[:31])
    sheet.append(headings())
    for row in rows(signups):
        sheet.append([plain_text(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
