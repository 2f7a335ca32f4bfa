"""Which emails a user wants: one switch per kind of mail they may turn off (new items, deadline reminders,
the weekly digest). Service mails (an invitation) are not optional."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailCategory(models.TextChoices):
    """What a mail is, for the recipient: decides the switch that governs it and whether it can be unsubscribed."""

    NEW_ITEMS = "new_items", _("New items")
    REMINDERS = "reminders", _("Deadline reminders")
    DIGEST = "digest", _("Weekly digest")
    SERVICE = "service", _("Service email")


class MailPreferences(models.Model):
    """A user's own choices; a user without a row gets every kind (the default is on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preferences",
        verbose_name=_("user"),
    )
    new_items = models.BooleanField(
        _("emails about new items"),
        default=True,
        help_text=_("An email when your organisation is given a new item."),
    )
    reminders = models.BooleanField(
        _("deadline reminders"),
        default=True,
        help_text=_("A reminder before a deadline or a meeting, and when a deadline has passed."),
    )
    digest = models.BooleanField(
        _("weekly digest"),
        default=True,
        help_text=_("One email a week with the items that are past their deadline or have had no news."),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("email preferences")
        verbose_name_plural = _("email preferences")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, category: str) -> bool:
        """Service mails always; the others as the user chose."""
        return getattr(self, category, True) if category != MailCategory.SERVICE else True
