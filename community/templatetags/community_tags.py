"""Template filters for the calendar: when an occurrence happens, and a day's full name."""

from django import template

from community import describe

register = template.Library()


@register.filter
def occurrence_when(occurrence) -> str:
    return describe.when(occurrence)


@register.filter
def full_date(day) -> str:
    return describe.full_date(day)
