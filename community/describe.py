"""Plain-language descriptions of when something happens, for residents (Danish first)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community import recurrence
from community.choices import Recurrence
from estates.templatetags.boligsocial_dates import WEEKDAY_DATE_FORMAT, format_date

ORDINALS = {
    1: lambda: _("first"),
    2: lambda: _("second"),
    3: lambda: _("third"),
    4: lambda: _("fourth"),
    -1: lambda: _("last"),
}


def full_date(day: date | datetime) -> str:
    """“tirsdag 3. november 2026”: the label a screen reader reads for a calendar cell."""
    if isinstance(day, datetime):
        day = recurrence.to_local(day).date()
    return format_date(day, WEEKDAY_DATE_FORMAT)


def clock(value) -> str:
    return date_format(recurrence.to_local(value), "H:i")


def when(occurrence) -> str:
    """The time of an occurrence on the day it is listed under."""
    if occurrence.all_day:
        if occurrence.is_multi_day:
            return _("All day, until %(day)s") % {"day": full_date(occurrence.last_day)}
        return _("All day")
    if occurrence.is_multi_day:
        return _("%(start)s until %(day)s at %(end)s") % {
            "start": clock(occurrence.start),
            "day": full_date(occurrence.last_day),
            "end": clock(occurrence.end),
        }
    return f"{clock(occurrence.start)}–{clock(occurrence.end)}"


def repetition(activity) -> str:
    """“Every week on Tuesday, until 18 December 2026”, or "" for an activity that happens once."""
    rule = recurrence.rule_for(activity)
    if rule is None:
        return ""
    start, _end = recurrence.first_span(activity)
    weekday = date_format(start.date(), "l")
    values = {"weekday": weekday, "until": format_date(activity.recurrence_until, "DATE_FORMAT")}
    if activity.recurrence == Recurrence.WEEKLY:
        return _("Every week on %(weekday)s, until %(until)s") % values
    if activity.recurrence == Recurrence.EVERY_OTHER_WEEK:
        return _("Every other week on %(weekday)s, until %(until)s") % values
    if activity.recurrence == Recurrence.EVERY_N_WEEKS:
        values["interval"] = activity.recurrence_interval
        return _("Every %(interval)d weeks on %(weekday)s, until %(until)s") % values
    if activity.recurrence == Recurrence.MONTHLY_DATE:
        values["day"] = start.day
        return _("Every month on day %(day)d, until %(until)s") % values
    values["ordinal"] = ORDINALS[recurrence.monthly_weekday(start).n]()
    return _("Every month on the %(ordinal)s %(weekday)s, until %(until)s") % values
