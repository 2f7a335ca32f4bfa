"""The words of a finding's and a responsibility's progress, and which of them close it: the one list."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


# What residents read on the public pages: short, everyday words a second-language reader knows (the office
# words above stay in the admin).
PUBLIC_FINDING_LABELS = {
    FindingStatus.REGISTERED: pgettext_lazy("status shown to residents", "Waiting for someone to take it"),
    FindingStatus.RESPONSIBILITY_PLACED: pgettext_lazy("status shown to residents", "Not started yet"),
    FindingStatus.IN_PROGRESS: pgettext_lazy("status shown to residents", "Being worked on"),
    FindingStatus.RESOLVED: pgettext_lazy("status shown to residents", "Fixed"),
    FindingStatus.CANNOT_BE_RESOLVED: pgettext_lazy("status shown to residents", "Cannot be fixed"),
}
# A responsibility status has the value of the finding status of the same name, so the table serves both.

# One plain line beside a status word where the word alone leaves a reader guessing (a second-language
# reader may not know what "not started yet" means for a finding that has someone on it).
PUBLIC_STATUS_EXPLANATIONS = {
    FindingStatus.REGISTERED: pgettext_lazy(
        "status explained to residents", "We have written it down and will find someone to fix it."
    ),
    FindingStatus.RESPONSIBILITY_PLACED: pgettext_lazy(
        "status explained to residents", "Someone has the task, but the work has not started."
    ),
    FindingStatus.IN_PROGRESS: pgettext_lazy("status explained to residents", "The work has started."),
}  # "Fixed" says it all; "Cannot be fixed" comes with its reason on the finding.


def public_label(value: str) -> str:
    """The resident-facing word of a finding or responsibility status value ("" for an unknown value)."""
    return PUBLIC_FINDING_LABELS.get(value, "")


def public_explanation(value: str) -> str:
    """The plain line that explains a status word to residents ("" where the word says it all: "Fixed")."""
    return PUBLIC_STATUS_EXPLANATIONS.get(value, "")
