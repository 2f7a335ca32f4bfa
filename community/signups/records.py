"""The sign-ups' choices, and their models reached through Django's app registry.

The activity page imports the sign-up views (its `tilmeld/` route), so the modules behind those views
cannot import community.models without importing the page back; they ask the registry at call time.
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class MailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Sign-up confirmed")
    WAITING = "waiting", _("On the waiting list")
    MOVED_UP = "moved_up", _("Moved up from the waiting list")
    REMINDER = "reminder", _("Reminder the day before")
    MESSAGE = "message", _("Message from the staff")


def signups():
    """The SignUp model's manager."""
    return apps.get_model("community", "SignUp").objects


def new_signup(**fields):
    return apps.get_model("community", "SignUp")(**fields)
