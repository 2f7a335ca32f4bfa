"""django-q2 entry points of resident reports: take ids, call the domain function, nothing more."""

from safety_walks.resident_reports import retention


def remove_expired_contact_data() -> str:
    """Nightly: remove reporters' contact data past the retention period (the outbox retries the mails)."""
    removed = retention.remove_expired_contact_data()
    return f"contact data removed from {removed} report(s)"
