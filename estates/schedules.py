"""Periodic django-q2 schedules: each app declares its own in `<app>/schedules.py` as SCHEDULES.

An entry is a dict of django-q2 Schedule fields keyed by a unique `name`, for example
    {"name": "reminders-sweep", "func": "estates.tasks.sweep", "schedule_type": "I", "minutes": 5}
"""

from django.utils import timezone
from django_q.models import Schedule

from estates.discovery import app_modules

# The reminder sweep (estates/sweep.py): every five minutes, so a reminder goes out soon after it is due.
SCHEDULES = [
    {
        "name": "boligsocial-reminders-sweep",
        "func": "estates.tasks.sweep_reminders",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
        "repeats": -1,
    },
    # Replaced and removed photos (and those of deleted findings) leave the private photo folder nightly.
    {
        "name": "boligsocial-photo-cleanup",
        "func": "estates.tasks.clean_up_photos",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
]


def declared_schedules() -> list[dict]:
    return [entry for module in app_modules("schedules") for entry in getattr(module, "SCHEDULES", [])]


def setup_schedules() -> list[tuple[str, bool]]:
    """Create or update every declared schedule by name; returns (name, created) pairs."""
    results = []
    for entry in declared_schedules():
        fields = dict(entry)
        name = fields.pop("name")
        fields.setdefault("next_run", timezone.now())
        schedule = Schedule.objects.filter(name=name).first()
        if schedule is None:
            Schedule.objects.create(name=name, **fields)
            results.append((name, True))
        else:
            fields.pop("next_run")  # keep the running cadence of an existing schedule
            Schedule.objects.filter(pk=schedule.pk).update(**fields)
            results.append((name, False))
    return results
