"""The push for resident reports: a resident reports; staff make a report a finding, merge it into another
or close it. Each is one transaction and ends by telling the reporter (mails.tell_reporter) when they left
an email address."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estates import i18n
from estates.photos import photo_store
from safety_walks import policy
from safety_walks import services as walk_services
from safety_walks.models import Finding, WalkPage
from safety_walks.models.reports import ReportStatus, ResidentReport
from safety_walks.resident_reports import mails


def report_submit(
    *,
    area,
    category,
    what: str,
    where: str = "",
    latitude=None,
    longitude=None,
    photo_upload=None,
    name: str = "",
    email: str = "",
) -> ResidentReport:
    """Keep a resident's report (the photo, checked by PhotoField, without its metadata) and send the receipt."""
    report = ResidentReport(
        area=area,
        category=category,
        what=what.strip(),
        where=where.strip(),
        latitude=latitude,
        longitude=longitude,
        name=name.strip(),
        email=email.strip(),
        language=i18n.active_language(),  # the reporter's: the mails are written in it and link to pages in it
    )
    report.full_clean(exclude=["area", "category", "photo"])
    with transaction.atomic():
        if photo_upload:
            report.photo = photo_store(upload=photo_upload, uploaded_by=None, alt_text=_("Photo from a resident"))
        report.save()
        mails.tell_reporter(report)
    return report


def _must_be_new(report: ResidentReport) -> None:
    if not report.is_new:
        raise ValidationError(_("This report has been handled already."))


def _handled(report: ResidentReport, *, status: str, reason: str, **fields) -> None:
    report.status = status
    report.reason = reason.strip()
    report.handled_at = timezone.now()
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean(exclude=["area", "category", "photo", "finding", "merged_into"])
    report.save(update_fields=["status", "reason", "handled_at", "updated_at", *fields])
    mails.tell_reporter(report)
    if status != ReportStatus.MERGED:
        _tell_merged_reporters(report)


def _tell_merged_reporters(report: ResidentReport) -> None:
    """Those whose reports were merged into this one learn its outcome too (one more mail each)."""
    duplicates = list(report.duplicates.exclude(email="").select_related("area"))
    report.duplicates.update(finding=report.finding, updated_at=timezone.now())
    for duplicate in duplicates:
        duplicate.finding = report.finding
        mails.tell_reporter(duplicate)


@transaction.atomic
def report_to_finding(
    *,
    report: ResidentReport,
    walk: WalkPage,
    user,
    title: str,
    description: str | None = None,
    priority: int | None = None,
    is_public: bool = True,
    use_photo: bool = False,
    message: str = "",
) -> Finding:
    """Write the report down as a finding on an existing or a planned walk; the reporter is told. The
    reporter's name and email stay on the report: the finding carries none of them."""
    if not policy.can_manage_findings(user):
        raise PermissionDenied
    _must_be_new(report)
    finding = walk_services.finding_create(
        walk=walk,
        title=title,
        category=report.category,
        user=user,
        description=report.what if description is None else description,
        location=report.where,
        latitude=report.latitude,
        longitude=report.longitude,
        photo=report.photo if use_photo else None,
        priority=priority,
        is_public=is_public,
    )
    _handled(report, status=ReportStatus.BECAME_FINDING, reason=message, finding=finding)
    return finding


@transaction.atomic
def report_merge(*, report: ResidentReport, into: ResidentReport, user, message: str = "") -> ResidentReport:
    """The report says what another report says: it follows that one from now on (its reporter is told).
    Reports merged into this one move along with it."""
    if not policy.can_manage_findings(user):
        raise PermissionDenied
    _must_be_new(report)
    while into.merged_into_id:
        into = into.merged_into
    if into.pk == report.pk:
        raise ValidationError({"into": _("A report cannot be merged into itself.")})
    report.duplicates.update(merged_into=into, updated_at=timezone.now())
    _handled(report, status=ReportStatus.MERGED, reason=message, merged_into=into, finding=into.finding)
    return report


@transaction.atomic
def report_close(*, report: ResidentReport, user, reason: str) -> ResidentReport:
    """Close the report without a finding, with a reason the reporter reads on the status page."""
    if not policy.can_manage_findings(user):
        raise PermissionDenied
    _must_be_new(report)
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the resident why the report is closed.")})
    _handled(report, status=ReportStatus.CLOSED, reason=reason)
    return report
