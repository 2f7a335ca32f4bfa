"""The mediation app's settings, read in one place with their defaults."""

from django.conf import settings

DEFAULT_RETENTION_MONTHS = 24


def encryption_key() -> str:
    """The Fernet key that encrypts case narratives (MEDIATION_ENCRYPTION_KEY)."""
    return getattr(settings, "MEDIATION_ENCRYPTION_KEY", "") or ""


def retention_months() -> int:
    """Months after closing before a closed case is anonymised (MEDIATION_RETENTION_MONTHS)."""
    return int(getattr(settings, "MEDIATION_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))
