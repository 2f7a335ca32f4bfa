"""The mediation app's settings, read in one place with their defaults."""

from django.conf import settings

DEFAULT_RETENTION_MONTHS = 24


def encryption_key() -> str:
    """The Fernet key that encrypts case narratives (MEDIATION_ENCRYPTION_KEY)."""
    return getattr(settings, "MEDIATION_ENCRYPTION_KEY", "") or ""


def old_encryption_keys() -> tuple[str, ...]:
    """Keys that encrypted case data before the current one (MEDIATION_OLD_ENCRYPTION_KEYS): still read, never
    written. A comma-separated string (from the environment) or a list; empty entries are ignored."""
    value = getattr(settings, "MEDIATION_OLD_ENCRYPTION_KEYS", "") or ""
    keys = value.split(",") if isinstance(value, str) else value
    return tuple(key.strip() for key in keys if key and key.strip())


def retention_months() -> int:
    """Months after closing before a closed case is anonymised (MEDIATION_RETENTION_MONTHS)."""
    return int(getattr(settings, "MEDIATION_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))
