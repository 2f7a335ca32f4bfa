"""How long a reporter's name and email are kept: until BOLIGSOCIAL_REPORT_CONTACT_RETENTION_MONTHS after
the report was handled (a finding, merged or closed), with the mails to the reporter. Removed by the nightly
schedule."""

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from safety_walks.models.reports import ResidentReport
from safety_walks.resident_reports import conf, mails


def contact_data_expires_before(now=None):
    return (now or timezone.now()) - relativedelta(months=conf.contact_retention_months())


def remove_expired_contact_data(*, now=None) -> int:
    """Blank the name and email of reports handled longer ago than the retention period; how many."""
    now = now or timezone.now()
    expired = ResidentReport.objects.closed_before(contact_data_expires_before(now)).with_contact()
    mails.forget(expired.values_list("pk", flat=True))
    mails.forget_claimed_before(contact_data_expires_before(now))
    return expired.update(name="", email="", contact_removed_at=now, updated_at=now)
