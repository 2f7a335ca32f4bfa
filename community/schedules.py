"""The community app's periodic schedules (collected by estates/schedules.py)."""

from django_q.models import Schedule

SCHEDULES = [
    # Names, contact data and notes of sign-ups leave SIGNUP_RETENTION_DAYS after the activity.
    {
        "name": "boligsocial-signup-retention",
        "func": "community.signups.tasks.erase_expired",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
    # Repetitions that run past the stored horizon get their next day of stored occurrences each night.
    {
        "name": "boligsocial-occurrences-extend",
        "func": "community.tasks.extend_stored_occurrences",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
]
