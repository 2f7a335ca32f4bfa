"""Template tags for the calendar: when an occurrence happens, a day's full name, and occurrence cards."""

from django import template

from community import describe
from community.cards import CardWriter

register = template.Library()


@register.filter
def occurrence_when(occurrence) -> str:
    return describe.when(occurrence)


@register.filter
def full_date(day) -> str:
    return describe.full_date(day)


@register.simple_tag(takes_context=True)
def occurrence_cards(context, occurrences, heading_tag: str = "h3") -> str:
    """The occurrences' cards (community.cards), one `<li>` each, in the active language."""
    return CardWriter(context.get("request")).cards(occurrences, heading_tag)
