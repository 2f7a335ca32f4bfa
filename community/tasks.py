"""django-q2 entry points of the calendar: each calls one manager method, nothing more."""

from django_q.models import Schedule

from community.models.occurrences import StoredOccurrence

# Declared for community/schedules.py (SCHEDULES = [..., *OCCURRENCE_SCHEDULES]): repetitions that run
# past the stored horizon get their next day of occurrences each night.
OCCURRENCE_SCHEDULES = [
    {
        "name": "boligsocial-occurrences-extend",
        "func": "community.tasks.extend_stored_occurrences",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
]


def extend_stored_occurrences() -> int:
    """Store again the repetitions that run past the horizon; returns how many activities."""
    return StoredOccurrence.objects.extend_past_horizon()
