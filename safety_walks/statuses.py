"""The words of a finding's and a responsibility's progress, and which of them close it: the one list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingStatus(models.TextChoices):
    """How far a finding has come, in words a resident understands."""

    REGISTERED = "registered", _("Registered")
    RESPONSIBILITY_PLACED = "responsibility_placed", _("Responsibility placed")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CANNOT_BE_RESOLVED = "cannot_be_resolved", _("Cannot be resolved")


class ResponsibilityStatus(models.TextChoices):
    PLACED = "responsibility_placed", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CANNOT_BE_RESOLVED = "cannot_be_resolved", _("Cannot be resolved")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


# A finding or a responsibility in one of these is closed; in any other it is open.
CLOSED_STATUSES = (FindingStatus.RESOLVED, FindingStatus.CANNOT_BE_RESOLVED)
CLOSED_RESPONSIBILITY_STATUSES = (ResponsibilityStatus.RESOLVED, ResponsibilityStatus.CANNOT_BE_RESOLVED)


def deadline_passed(deadline, today) -> bool:
    """The date half of "overdue" for rows already in memory; the query is ResponsibilityQuerySet.overdue()."""
    return deadline is not None and deadline < today
