"""The timeline of a finding: who said what, and when. Residents see public notes only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safety_walks.managers import FindingUpdateQuerySet
from safety_walks.models.findings import Finding, ResponsibilityStatus


class FindingUpdate(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="updates", verbose_name=_("finding"))
    responsibility = models.ForeignKey(
        "safety_walks.Responsibility",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("responsibility"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    organisation = models.ForeignKey(
        "estates.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    new_status = models.CharField(_("new status"), max_length=32, choices=ResponsibilityStatus.choices, blank=True)
    public_note = models.TextField(_("note for residents"), blank=True)
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Seen only by staff and the partners on this finding.")
    )
    photo = models.ForeignKey(
        "estates.Photo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    photo_public = models.BooleanField(
        _("show the photo to residents"),
        default=False,
        help_text=_("The photo is shown on the walk page when the finding is public."),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Staff may hide a partner's public note (walkadmin): hidden updates leave FindingUpdate.objects.public().
    public_note_hidden_at = models.DateTimeField(_("public note hidden at"), null=True, blank=True, editable=False)
    public_note_hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("public note hidden by"),
    )
    public_note_hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True, editable=False)

    objects = FindingUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return f"{self.finding} ({timezone.localtime(self.created_at):%d.%m.%Y})"
