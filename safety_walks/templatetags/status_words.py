"""The plain line beside a status word on the public report (statuses.PUBLIC_STATUS_EXPLANATIONS)."""

from django import template

from safety_walks.statuses import public_explanation

register = template.Library()


@register.filter
def status_explained(value: str) -> str:
    """One short sentence that says what a finding or responsibility status means ("" when none is needed)."""
    return str(public_explanation(value))
