"""The staff-only attendance report: Wagtail's ReportView with its filters and CSV/XLSX export."""

from __future__ import annotations

import csv

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.mixins import Echo
from wagtail.admin.views.reports import ReportView

from community import reports
from community.choices import TargetGroupCode
from community.models import Attendance
from community.policy import attendance_permission_policy
from estates.models import HousingArea

YEARS_BACK = 10
# Text a spreadsheet would run as a formula is written as plain text in the CSV (XLSX cells are typed).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def year_choices():
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - YEARS_BACK, -1)]


class AttendanceReportFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=year_choices, empty_label=_("All years"), method="filter_year"
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Housing area"),
        queryset=HousingArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All areas"),
        method="filter_area",
    )
    target_group = django_filters.ChoiceFilter(
        label=_("Activities for"),
        choices=TargetGroupCode.choices,
        empty_label=_("All target groups"),
        method="filter_target_group",
    )

    class Meta:
        model = Attendance
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.of_year(int(value))

    def filter_area(self, queryset, name, value):
        return queryset.in_area(value)

    def filter_target_group(self, queryset, name, value):
        return queryset.for_target_group(value)


class RowHeaderColumn(Column):
    """The cell that names the row (the housing area), for screen readers too."""

    cell_template_name = "community/admin/tables/row_header_cell.html"


class FigureColumn(Column):
    cell_template_name = "community/admin/tables/figure_cell.html"


def plain_text(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class AttendanceReportView(ReportView):
    page_title = _("Attendance report")
    header_icon = "table"
    template_name = "community/admin/attendance_report.html"
    results_template_name = "community/admin/attendance_report_results.html"
    index_url_name = "community_attendance_report"
    index_results_url_name = "community_attendance_report_results"
    permission_policy = attendance_permission_policy
    permission_required = "view"
    filterset_class = AttendanceReportFilterSet
    paginate_by = 200
    list_export = list(reports.COLUMNS)
    export_headings = reports.COLUMNS
    custom_field_preprocess = {"area": {ReportView.FORMAT_CSV: plain_text}}
    columns = [
        FigureColumn("year", label=reports.COLUMNS["year"]),
        FigureColumn("quarter_label", label=reports.COLUMNS["quarter"]),
        RowHeaderColumn("area", label=reports.COLUMNS["area"]),
        *[FigureColumn(name, label=label) for name, label in list(reports.COLUMNS.items())[3:]],
    ]

    def get_filename(self):
        return f"fremmoede-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return Attendance.objects.all()

    def get_filtered_queryset(self):
        if self.has_bad_filter:
            return []
        return reports.attendance_rows(self.filter_queryset(self.get_queryset()))

    @cached_property
    def has_bad_filter(self) -> bool:
        return self.filters is not None and not self.filters.is_valid()

    def get(self, request, *args, **kwargs):
        if self.has_bad_filter:
            self.is_export = False  # show what is wrong, with the form as it was typed; never export everything
            response = super().get(request, *args, **kwargs)
            response.status_code = 400
            return response
        return super().get(request, *args, **kwargs)

    @cached_property
    def no_results_message(self):
        return _("No attendance has been recorded for this selection yet.")

    def stream_csv(self, queryset):
        """Wagtail's CSV with a byte-order mark and semicolons: what Danish Excel expects when it opens it."""
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        headings = {field: self.get_heading(queryset, field) for field in self.list_export}
        yield "\ufeff".encode() + writer.writerow(headings)
        for row in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(row))
