"""The reporter's mails: the receipt and each change of status, with the private status link.

A reporter has no account, so these do not go through the outbox's per-user rows (estates/outbox.py keys a
mail on a user). The report row is its own record instead: `mailed_status` holds the status last mailed, a
send claims it with a conditional UPDATE (two workers, a retried task: one mail), and a failed send gives
the claim back so the nightly task tries again. The Message-ID comes from the outbox's one derivation and
errors are described by type only, as the outbox does (an SMTP message can name the address).
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.conf import Conf
from django_q.tasks import async_task

from estates.conf import setting
from estates.mail import DEFAULT_LANGUAGE, absolute_url, render_text
from estates.outbox import describe_error, message_id_for
from safety_walks.models.reports import ReportStatus, ResidentReport

logger = logging.getLogger("boligsocial.mail")

SEND_TASK = "safety_walks.resident_reports.tasks.send_status_mail"
BODY_TEMPLATE = "safety_walks/resident_reports/emails/status.txt"


class ReportMailNotSent(Exception):
    """The mail server did not take the mail; carries the error's type only."""


def status_path(report: ResidentReport) -> str:
    return reverse("boligsocial:reports:status", args=[report.token])


def tell_reporter(report: ResidentReport) -> None:
    """Hand the mail about the report's present status to a worker, once the caller's change is saved (with
    the database as broker, or in sync mode, the task joins the transaction as the outbox's do)."""
    if not report.email or report.mailed_status == report.status:
        return
    pk, status = report.pk, report.status

    def enqueue():
        # As the outbox's hand-over: a broker that is down (or, in sync mode, a mail server that refuses) must
        # not fail the resident's request; the nightly run hands the mail over again (retry_unsent).
        try:
            async_task(SEND_TASK, pk, status, group="mail", save=False)
        except Exception:
            logger.exception("The mail about resident report %s did not get to the workers; retried tonight", pk)

    if Conf.SYNC or Conf.ORM:
        enqueue()
    else:
        transaction.on_commit(enqueue)


def subject_for(report: ResidentReport) -> str:
    if report.status == ReportStatus.NEW:
        return _("We have received your report about %(area)s") % {"area": report.area.name}
    return _("News about your report about %(area)s") % {"area": report.area.name}


def render_status_mail(report: ResidentReport) -> EmailMessage:
    language = report.language or DEFAULT_LANGUAGE
    followed = report.followed()
    with translation.override(language):
        context = {
            "followed_status": followed.status if followed.pk != report.pk else "",
            "followed_reason": followed.reason if followed.pk != report.pk else "",
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
    key = message_id_for(
        f"safety_walks.resident_report.{report.status}.{followed.status}",
        f"resident_report:{report.pk}",
        report.created_at.date(),
        0,
    )
    headers = {"Message-ID": key, "Auto-Submitted": "auto-generated", "Content-Language": language}
    return EmailMessage(subject=subject, body=body + "\n", to=[report.email], headers=headers)


def send_status_mail(report_id: int, status: str) -> str:
    """Send the mail about `status` unless it was sent, the status moved on, or the address is gone."""
    claimed = (
        ResidentReport.objects.filter(pk=report_id, status=status)
        .exclude(email="")
        .exclude(mailed_status=status)
        .update(mailed_status=status)
    )
    if not claimed:
        return "nothing to send"
    report = ResidentReport.objects.select_related("area").get(pk=report_id)
    try:
        render_status_mail(report).send(fail_silently=False)
    except Exception as error:
        ResidentReport.objects.filter(pk=report_id, mailed_status=status).update(mailed_status="")
        raise ReportMailNotSent(describe_error(error)) from None
    return "sent"


def retry_unsent(*, older_than_minutes: int = 10) -> int:
    """Hand over again the mails whose send failed or never ran (the nightly task calls this)."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    waiting = (
        ResidentReport.objects.exclude(email="")
        .exclude(mailed_status=F("status"))
        .filter(updated_at__lt=cutoff)
        .values_list("pk", "status")
    )
    count = 0
    for pk, status in waiting:
        async_task(SEND_TASK, pk, status, group="mail", save=False)
        count += 1
    return count
