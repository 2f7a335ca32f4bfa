"""django-q2 entry points of mediation: thin calls into services."""

from mediation import services


def anonymise_expired_cases() -> int:
    """The daily retention run: anonymise closed cases whose retention period has run out."""
    return len(services.anonymise_expired_cases())
