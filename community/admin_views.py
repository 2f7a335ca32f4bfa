"""The staff-only attendance report in the admin, with CSV and XLSX export."""

from __future__ import annotations

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required

from community import reports
from community.choices import TargetGroupCode
from estates.models import HousingArea

REPORT_PERMISSION = "community.view_attendance"


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    area = forms.ModelChoiceField(
        label=_("Housing area"),
        queryset=HousingArea.objects.all(),
        required=False,
        empty_label=_("All areas"),
        to_field_name="slug",
    )
    target_group = forms.ChoiceField(
        label=_("Activities for"),
        choices=[("", _("All target groups")), *TargetGroupCode.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in range(this_year, this_year - 10, -1)]


@permission_required(REPORT_PERMISSION)
def attendance_report(request):
    form = ReportFilterForm(request.GET or None)
    rows = []
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        rows = reports.attendance_report(
            year=data.get("year"), area=data.get("area"), target_group=data.get("target_group") or ""
        )
        export = request.GET.get("export")
        filename = f"fremmoede-{timezone.localdate():%Y-%m-%d}"
        if export == "csv":
            return reports.csv_response(rows, filename=filename)
        if export == "xlsx":
            return reports.xlsx_response(rows, filename=filename)
    query = request.GET.copy()
    query.pop("export", None)
    return TemplateResponse(
        request,
        "community/admin/attendance_report.html",
        {
            "page_title": _("Attendance report"),
            "header_title": _("Attendance report"),
            "header_icon": "table",
            "form": form,
            "rows": rows,
            "headings": reports.headings(),
            "query": query.urlencode(),
        },
        status=200 if not form.errors else 400,
    )
