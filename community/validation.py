"""The rules an activity's schedule must keep, with messages an editor understands."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from community import recurrence
from community.choices import LAST_MONTHLY_DATE, WEEK_INTERVALS, ExceptionAction, Recurrence
from community.conf import MAX_SERIES_DAYS
from estates.templatetags.boligsocial_dates import format_date

# Changing any of these changes when the activity happens (and raises its iCalendar SEQUENCE).
SCHEDULE_FIELDS = {
    "starts_at",
    "ends_at",
    "all_day",
    "recurrence",
    "recurrence_interval",
    "recurrence_until",
    "status",
}


def validate_schedule(activity) -> None:
    """Raise a ValidationError keyed by field for an impossible or unbounded schedule."""
    errors: dict[str, str] = {}
    if activity.starts_at and activity.ends_at:
        if activity.all_day:
            if recurrence.to_local(activity.ends_at).date() < recurrence.to_local(activity.starts_at).date():
                errors["ends_at"] = _("The activity must end on or after the day it starts.")
        elif activity.ends_at <= activity.starts_at:
            errors["ends_at"] = _("The activity must end after it starts.")
    if recurrence.is_recurring(activity):
        errors.update(_recurrence_errors(activity, errors))
        errors.update(_rule_errors(activity))
    else:
        activity.recurrence_until = None
    if activity.recurrence != Recurrence.EVERY_N_WEEKS:
        activity.recurrence_interval = None
    if (activity.latitude is None) != (activity.longitude is None):
        errors["longitude"] = _("Give both latitude and longitude, or neither.")
    if errors:
        raise ValidationError(errors)


def _recurrence_errors(activity, errors_so_far) -> dict[str, str]:
    errors = {}
    until = activity.recurrence_until
    if until is None:
        return {"recurrence_until": _("Choose the last date a repeating activity can take place.")}
    if not activity.starts_at:
        return errors
    first_day = recurrence.to_local(activity.starts_at).date()
    if until < first_day:
        errors["recurrence_until"] = _("The last date must be on or after the first day.")
    elif (until - first_day).days > MAX_SERIES_DAYS:
        errors["recurrence_until"] = _(
            "A repeating activity can run for at most two years. Choose an earlier date; you can extend it later."
        )
    if activity.ends_at and "ends_at" not in errors_so_far and recurrence.wall_duration(activity) >= timedelta(days=7):
        errors["ends_at"] = _("A repeating activity must last less than a week.")
    return errors


def _rule_errors(activity) -> dict[str, str]:
    """What the chosen repetition itself needs: how many weeks, or a date every month has."""
    if activity.recurrence == Recurrence.EVERY_N_WEEKS:
        interval = activity.recurrence_interval
        if interval is None:
            return {"recurrence_interval": _("Choose how many weeks there are between each time, for example 3.")}
        if interval not in WEEK_INTERVALS:
            return {
                "recurrence_interval": _(
                    "Choose between %(first)d and %(last)d weeks. For every week or every other week, choose "
                    "that under “repeats”."
                )
                % {"first": WEEK_INTERVALS.start, "last": WEEK_INTERVALS.stop - 1}
            }
    if activity.recurrence == Recurrence.MONTHLY_DATE and activity.starts_at:
        day = recurrence.to_local(activity.starts_at).day
        if day > LAST_MONTHLY_DATE:
            return {
                "recurrence": _(
                    "Not every month has day %(day)d. Start on one of the first %(last)d days of a month, or "
                    "choose “every month on the same weekday”."
                )
                % {"day": day, "last": LAST_MONTHLY_DATE}
            }
    return {}


def validate_exception_fields(exception) -> None:
    """The fields of one cancelled or moved occurrence, on their own."""
    errors = {}
    if exception.action == ExceptionAction.MOVED:
        if exception.new_starts_at is None:
            errors["new_starts_at"] = _("Give the new start of the moved occurrence.")
        elif exception.new_ends_at is not None and exception.new_ends_at <= exception.new_starts_at:
            errors["new_ends_at"] = _("The moved occurrence must end after it starts.")
    if errors:
        raise ValidationError(errors)


def exception_date_problem(activity, occurrence_date) -> str | None:
    """Why a cancelled or moved occurrence cannot be on this date, or None if it can."""
    if not recurrence.is_recurring(activity) or activity.recurrence_until is None:
        return _("Only a repeating activity has single occurrences to cancel or move. Change the activity instead.")
    if recurrence.scheduled_start_on(activity, occurrence_date) is None:
        return _("The activity does not take place on %(date)s.") % {"date": format_date(occurrence_date)}
    return None
