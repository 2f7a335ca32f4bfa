"""Who opened or changed which case, and when: visible to mediation leads only.

The log outlives the case (a deleted case keeps its reference here) and never holds narrative or
names of parties: only the case reference, the staff user and the action.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseAccessLog(models.Model):
    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        OPENED = "opened", _("Opened")
        CHANGED = "changed", _("Changed")
        EXPORTED = "exported", _("Party data exported")
        PARTY_ERASED = "party_erased", _("Party erased")
        ANONYMISED = "anonymised", _("Anonymised")
        DELETED = "deleted", _("Deleted")

    case = models.ForeignKey(
        "mediation.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("case"),
    )
    case_reference = models.CharField(_("case"), max_length=20, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_name = models.CharField(_("user"), max_length=150, help_text=_("Kept if the user is deleted."))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("case access log entry")
        verbose_name_plural = _("case access log")

    def __str__(self) -> str:
        return f"{self.case_reference}: {self.get_action_display()}"
