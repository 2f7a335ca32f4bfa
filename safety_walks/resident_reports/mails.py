"""The reporter's mails: the receipt and each change of status, with the private status link.

A reporter has no account: each mail goes through the plugin's outbox (estates/outbox.py) as a mail to an
address, claimed once under (kind, "resident_report:<id>", day of the report, address). The kind names
the status told (and, for a merged report, the report it follows and that one's status), so each change
is mailed once, however often a task runs; the outbox leases, sends, marks and retries it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from estates import outbox
from estates.conf import setting
from estates.mail import absolute_url, render_text
from estates.models import AddressMail
from safety_walks.models.reports import ReportStatus, ResidentReport

KIND_PREFIX = "safety_walks.resident_report."
BODY_TEMPLATE = "safety_walks/resident_reports/emails/status.txt"


def status_path(report: ResidentReport) -> str:
    """The private status page, under the active language's prefix (call it in the reporter's language)."""
    return reverse("boligsocial:reports:status", args=[report.token])


def language_of(report: ResidentReport) -> str:
    """The language the reporter wrote in, if the site still offers it; else the site's language."""
    return report.language if report.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def about(report_id: int) -> str:
    """The outbox's subject key of a report's mails."""
    return f"resident_report:{report_id}"


def mails_of(report_ids):
    return AddressMail.objects.about(*[about(pk) for pk in report_ids])


def forget(report_ids) -> int:
    """Erase the mails about these reports (the reporter's address and the text) with the contact data."""
    return mails_of(report_ids).delete()[0]


def forget_claimed_before(moment) -> int:
    """The retention rule of the reporters' mails, as of their contact data (also reaches mails of reports
    deleted since)."""
    return AddressMail.objects.of_feature(KIND_PREFIX).claimed_before(moment).delete()[0]


def tell_reporter(report: ResidentReport) -> None:
    """Claim the mail about the report's present status (none without an address, none twice); it goes to
    a worker once the caller's change is saved. A mail server that refuses does not fail the request: the
    outbox retries it."""
    if report.email:
        outbox.claim_for_addresses_after_commit([status_mail(report)])


def subject_for(report: ResidentReport) -> str:
    if report.status == ReportStatus.NEW:
        return _("We have received your report about %(area)s") % {"area": report.area.name}
    return _("News about your report about %(area)s") % {"area": report.area.name}


def status_mail(report: ResidentReport) -> outbox.AddressedMail:
    language = language_of(report)
    followed = report.followed()
    merged = followed.pk != report.pk
    with translation.override(language):
        context = {
            "followed_status": followed.status if merged else "",
            "followed_reason": followed.reason if merged else "",
            "report": report,
            "area": report.area.name,
            "status": report.status,
            "status_label": str(report.get_status_display()),
            "reason": report.reason,
            "url": absolute_url(status_path(report)),
            "site_name": setting("WAGTAIL_SITE_NAME"),
        }
        body = render_text(BODY_TEMPLATE, context)
        subject = subject_for(report)
    kind = f"{KIND_PREFIX}{report.status}"
    if merged:
        kind = f"{kind}.{followed.pk}.{followed.status}"
    return outbox.AddressedMail(
        kind=kind,
        subject_key=about(report.pk),
        due_on=timezone.localdate(report.created_at),
        address=report.email,
        subject=subject,
        body=body,
        language=language,
    )
