"""Settings of resident reports, with their defaults (read at call time, so override_settings works)."""

from django.conf import settings

# Months after a report is handled (a finding, merged or closed) that the reporter's name and email are kept.
CONTACT_RETENTION_MONTHS = 6
# Reports one client address may send in an hour before it is asked to wait (a friendly 429 page).
REPORTS_PER_ADDRESS_PER_HOUR = 5


def contact_retention_months() -> int:
    return int(getattr(settings, "BOLIGSOCIAL_REPORT_CONTACT_RETENTION_MONTHS", CONTACT_RETENTION_MONTHS))


def reports_per_address_per_hour() -> int:
    return int(getattr(settings, "BOLIGSOCIAL_REPORTS_PER_ADDRESS_PER_HOUR", REPORTS_PER_ADDRESS_PER_HOUR))
