"""The municipality's outreach workers, by field: who a mediator can refer residents to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutreachContact(models.Model):
    """An outreach worker ("opsøgende medarbejder") of the municipality. Professional contact details only."""

    class FieldOfWork(models.TextChoices):
        MENTAL_HEALTH = "mental_health", _("Mental health")
        ADDICTION = "addiction", _("Addiction")
        SOCIAL_SERVICES = "social_services", _("Social services")
        SSP_YOUTH = "ssp_youth", _("SSP/youth")
        ELDERLY = "elderly", _("Elderly")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=160)
    field_of_work = models.CharField(_("field"), max_length=32, choices=FieldOfWork.choices)
    unit = models.CharField(_("unit"), max_length=160, blank=True, help_text=_("The municipal unit or team."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive contacts cannot be chosen for new referrals.")
    )

    class Meta:
        ordering = ["field_of_work", "name"]
        verbose_name = _("outreach contact")
        verbose_name_plural = _("outreach contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_field_of_work_display()})"
