"""django-q2 entry points of resident reports: take ids, call the domain function, nothing more."""

from safety_walks.resident_reports import mails, retention


def send_status_mail(report_id: int, status: str) -> str:
    return mails.send_status_mail(report_id, status)


def remove_expired_contact_data() -> str:
    """Nightly: remove reporters' contact data past the retention period; retry mails that did not go."""
    removed = retention.remove_expired_contact_data()
    retried = mails.retry_unsent()
    return f"contact data removed from {removed} report(s); {retried} mail(s) handed over again"
