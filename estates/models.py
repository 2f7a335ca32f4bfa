"""Housing areas, partner organisations and who belongs to them: shared by every app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index


class HousingArea(index.Indexed, models.Model):
    """One estate or part of an estate (boligområde/afdeling)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in web addresses, for example 'nordparken'.")
    )
    description = models.TextField(_("short description"), blank=True, max_length=600)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("housing area")
        verbose_name_plural = _("housing areas")

    def __str__(self) -> str:
        return self.name


class Organisation(index.Indexed, ClusterableModel):
    """A partner who can be responsible for findings: maintenance, municipality, police, ..."""

    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", _("Housing maintenance")
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")
        SOCIAL_HOUSING_TEAM = "social_housing_team", _("Social-housing team")
        RESIDENT_BOARD = "resident_board", _("Resident board")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    contact_email = models.EmailField(_("contact email"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("contact_email"),
        InlinePanel("memberships", heading=_("Members"), label=_("Member")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user who acts for an organisation, for example a police officer for the local police."""

    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    notify_by_email = models.BooleanField(
        _("receive emails about new items"),
        default=True,
        help_text=_("Turn off if the member does not want an email when the organisation is given an item."),
    )

    panels = [FieldPanel("user"), FieldPanel("notify_by_email")]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="estates_membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"
