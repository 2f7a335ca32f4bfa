"""When a planned walk or meeting takes place, as residents read it: "12. maj 2027 kl. 17-19"."""

from datetime import date, datetime, time

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from estates.templatetags.boligsocial_dates import WEEKDAY_DATE_FORMAT, format_date

register = template.Library()


@register.filter
def clock(value: time | datetime | None) -> str:
    """17:00 -> "17", 17:30 -> "17.30" (Danish notation; whole hours without minutes)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).time()
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"


@register.simple_tag
def when(day: date | datetime | None, starts: time | datetime | None = None, ends: time | None = None) -> str:
    """The day with its weekday, and the time span when there is one."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        starts = starts or day
        day = timezone.localdate(day)
    day_text = format_date(day, WEEKDAY_DATE_FORMAT)
    if starts and ends:
        return _("%(day)s at %(starts)s-%(ends)s") % {"day": day_text, "starts": clock(starts), "ends": clock(ends)}
    if starts:
        return _("%(day)s at %(starts)s") % {"day": day_text, "starts": clock(starts)}
    return day_text
