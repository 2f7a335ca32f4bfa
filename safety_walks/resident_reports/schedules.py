"""The nightly removal of reporters' contact data (collected by safety_walks/schedules.py)."""

from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "boligsocial-report-contact-retention",
        "func": "safety_walks.resident_reports.tasks.remove_expired_contact_data",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
]
