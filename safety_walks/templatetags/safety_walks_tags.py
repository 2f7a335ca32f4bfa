from django import template

from safety_walks.models import FindingStatus
from safety_walks.statuses import public_label

register = template.Library()
STATUS_LABELS = dict(FindingStatus.choices)


@register.filter
def status_label(value: str) -> str:
    """The admin's label of a finding status value."""
    return STATUS_LABELS.get(value, "")


@register.filter
def public_status(value: str) -> str:
    """The word residents read for a finding or responsibility status value (statuses.PUBLIC_FINDING_LABELS)."""
    return public_label(value)
