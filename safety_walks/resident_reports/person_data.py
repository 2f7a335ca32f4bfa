"""Resident reports in the plugin's person-data export and erasure (estates/person_data.py): by email.

Erasure removes the reporter's name and email, the mails sent to them, and the photo the reporter sent
(unless a finding uses it); the report's own words stay, no longer tied to a person, as they would after the
retention period."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from estates.person_data import PersonDataSection
from estates.photos import photo_delete_unreferenced
from safety_walks.models.reports import ResidentReport
from safety_walks.resident_reports import mails


def _when(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


class ResidentReportSource:
    def _reports(self, email: str):
        return ResidentReport.objects.by_email(email)

    def find(self, *, email: str, phone: str) -> PersonDataSection:
        rows = [
            [
                report.name,
                report.email,
                _when(report.created_at),
                report.area.name,
                report.category.name,
                report.what,
                report.where,
                _("with photo") if report.photo_id else _("without photo"),
                str(report.get_status_display()),
            ]
            for report in self._reports(email).select_related("area", "category").order_by("created_at")
        ]
        return PersonDataSection(
            title=_("Reports of places that feel unsafe"),
            columns=[
                _("Reporter's name"),
                _("Reporter's email address"),
                _("Received at"),
                _("Housing area of the report"),
                _("Kind of problem"),
                _("What was reported"),
                _("Where it is"),
                _("Photo of the report"),
                _("Status of the report"),
            ],
            rows=rows,
        )

    @transaction.atomic
    def erase(self, *, email: str, phone: str) -> int:
        reports = self._reports(email)
        photo_ids = [pk for pk in reports.exclude(photo=None).values_list("photo_id", flat=True)]
        now = timezone.now()
        mails.forget(reports.values_list("pk", flat=True))
        touched = reports.update(name="", email="", photo=None, contact_removed_at=now, updated_at=now)
        if photo_ids:
            photo_delete_unreferenced(photo_ids=photo_ids)  # a photo a finding shows stays with the finding
        return touched
