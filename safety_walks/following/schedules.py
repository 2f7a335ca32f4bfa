"""The daily run of following (digests, retries, retention), for safety_walks/schedules.py to collect."""

from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "boligsocial-follow-daily",
        "func": "safety_walks.following.tasks.daily_follow_run",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
]
