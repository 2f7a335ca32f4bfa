from django import template

from safety_walks.models import FindingStatus

register = template.Library()
STATUS_LABELS = dict(FindingStatus.choices)


@register.filter
def status_label(value: str) -> str:
    """The resident-facing label of a finding status value."""
    return STATUS_LABELS.get(value, "")
