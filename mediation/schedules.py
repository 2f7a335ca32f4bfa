"""Mediation's periodic job: the daily retention run, at night."""

from datetime import datetime, time, timedelta

from django.utils import timezone


def _next_night() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time(3, 15)))


SCHEDULES = [
    {
        "name": "mediation-retention",
        "func": "mediation.tasks.anonymise_expired_cases",
        "schedule_type": "D",
        "repeats": -1,
        "next_run": _next_night(),
    },
]
