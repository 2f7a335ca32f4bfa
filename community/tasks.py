"""django-q2 entry points of the calendar: each calls one manager method, nothing more."""

from community.models.occurrences import StoredOccurrence


def extend_stored_occurrences() -> int:
    """Store again the repetitions that run past the horizon; returns how many activities."""
    return StoredOccurrence.objects.extend_past_horizon()
