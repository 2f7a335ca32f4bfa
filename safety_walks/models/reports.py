"""Reports from residents about what makes them feel unsafe (#16): "Meld et utrygt sted".

A report is never public. Staff triage it: it becomes a finding on a walk (then the finding is what residents
read, never the report), is merged into another report, or is closed with a reason the reporter reads on
the report's private status page (reached by its secret token, no login). The reporter's name and email are
removed a set number of months after the report is closed (resident_reports/retention.py).
"""

import secrets
from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estates.person_data import normalised_email
from safety_walks.models import findings
from safety_walks.models.following import default_language


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


class ReportStatus(models.TextChoices):
    NEW = "new", _("Received, not yet looked at")
    BECAME_FINDING = "finding", _("Became a finding")
    MERGED = "merged", _("Merged with a similar report")
    CLOSED = "closed", _("Closed")


class ResidentReportQuerySet(models.QuerySet):
    def new(self):
        """Reports staff have not handled yet."""
        return self.filter(status=ReportStatus.NEW)

    def open_in_area(self, area):
        """What a walk planned in the area should take in: the area's reports not handled yet."""
        return self.new().filter(area=area)

    def open_in_areas(self, areas):
        return self.new().filter(area__in=areas)

    def handled(self):
        return self.exclude(status=ReportStatus.NEW)

    def closed_before(self, moment: datetime):
        """Handled (a finding, merged or closed) before the moment."""
        return self.handled().filter(handled_at__lt=moment)

    def with_contact(self):
        """Reports that still hold the reporter's name or email."""
        return self.filter(~Q(name="") | ~Q(email=""))

    def by_email(self, email: str):
        email = normalised_email(email)
        return self.filter(email__iexact=email) if email else self.none()

    def with_position(self):
        return self.exclude(latitude=None).exclude(longitude=None)


class ResidentReport(models.Model):
    """One resident's report of a place that makes them feel unsafe."""

    area = models.ForeignKey(
        "estates.HousingArea",
        on_delete=models.PROTECT,
        related_name="resident_reports",
        verbose_name=_("housing area"),
    )
    what = models.TextField(_("what makes you feel unsafe"), max_length=2000)
    where = models.CharField(_("where is it"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    category = models.ForeignKey(
        "safety_walks.FindingCategory",
        on_delete=models.PROTECT,
        related_name="resident_reports",
        verbose_name=_("category"),
        limit_choices_to=findings.in_default_locale,  # the categories findings use: each once, in Danish
    )
    photo = models.ForeignKey(
        "estates.Photo", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("photo")
    )
    # The reporter's contact data: optional, shown to staff only, removed after closing (retention.py).
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW, db_index=True
    )
    reason = models.TextField(_("message to the reporter"), blank=True, max_length=1000)
    token = models.CharField(max_length=64, unique=True, default=new_tracking_token, editable=False)
    finding = models.ForeignKey(
        "safety_walks.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident_reports",
        verbose_name=_("finding"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True, editable=False)
    contact_removed_at = models.DateTimeField(_("contact data removed"), null=True, blank=True, editable=False)
    # The language the reporter wrote in: the receipt and each status mail are written in it and link to pages in it.
    language = models.CharField(_("language"), max_length=10, default=default_language, editable=False)

    objects = ResidentReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("resident report")
        verbose_name_plural = _("resident reports")
        indexes = [models.Index(fields=["area", "status"], name="sw_report_area_status")]

    def __str__(self) -> str:
        return f"{self.area} · {self.what[:60]}"

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_new(self) -> bool:
        return self.status == ReportStatus.NEW

    def followed(self) -> "ResidentReport":
        """The report whose outcome this reporter follows: a merged report follows the one it was merged into."""
        report, seen = self, {self.pk}
        while report.merged_into_id and report.merged_into_id not in seen:
            seen.add(report.merged_into_id)
            report = report.merged_into
        return report
