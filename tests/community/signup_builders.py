"""Builders for the sign-up tests: an activity that takes sign-ups, and a weekly one."""

from datetime import date, timedelta

from community.choices import Recurrence
from tests.community.builders import local, make_activity


def make_signup_activity(calendar, **kwargs):
    """A single activity with the site's sign-up form (4 places unless told)."""
    kwargs.setdefault("title", "Fællesspisning")
    kwargs.setdefault("registration_required", True)
    kwargs.setdefault("registration_email", "aktiviteter@example.dk")
    kwargs.setdefault("capacity", 4)
    return make_activity(calendar, **kwargs)


def make_weekly_signup_activity(calendar, *, first_day: date, weeks: int = 4, **kwargs):
    kwargs.setdefault("title", "Strikkeklub")
    kwargs.setdefault("registration_required", True)
    kwargs.setdefault("registration_email", "aktiviteter@example.dk")
    kwargs.setdefault("capacity", 3)
    return make_activity(
        calendar,
        starts_at=local(first_day.year, first_day.month, first_day.day, 17),
        ends_at=local(first_day.year, first_day.month, first_day.day, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=first_day + timedelta(weeks=weeks - 1),
        **kwargs,
    )
