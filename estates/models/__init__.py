"""Housing areas, partner organisations and who belongs to them: shared by every app."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index

from estates.models.outbox import AddressMail, OutboxRow, OutboxStatus  # noqa: F401  (the outbox's rows)
from estates.models.photos import Photo  # noqa: F401  (the model lives in its own module)
from estates.models.preferences import MailCategory, MailPreferences  # noqa: F401  (a user's email choices)


class HousingAreaQuerySet(models.QuerySet):
    def for_request(self, request) -> list["HousingArea"]:
        """Every housing area's id, name and slug, in name order, read once per request (the header's menu, a
        list's filter and a follow form all offer them); read anew where there is no request."""
        cached = getattr(request, "_boligsocial_housing_areas", None) if request is not None else None
        if cached is None:
            cached = list(self.only("name", "slug").order_by("name"))
            if request is not None:
                request._boligsocial_housing_areas = cached
        return cached


class HousingArea(index.Indexed, models.Model):
    """One estate or part of an estate (boligområde/afdeling)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in web addresses, for example 'nordparken'.")
    )
    description = models.TextField(_("short description"), blank=True, max_length=600)

    objects = HousingAreaQuerySet.as_manager()

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


class MembershipQuerySet(models.QuerySet):
    def wanting_email(self):
        """Memberships of active users with an email address who have not turned the emails off."""
        return self.filter(notify_by_email=True, user__is_active=True).exclude(user__email="")


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

    objects = MembershipQuerySet.as_manager()

    panels = [FieldPanel("user"), FieldPanel("notify_by_email")]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="estates_membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class SentReminder(OutboxRow):
    """One email the plugin sends to a user (a reminder, a digest, a notification, an invitation), claimed
    under its unique key and then sent by the outbox (estates/outbox.py).

    The database's unique constraint, not a check in Python, decides who claims a mail; the send task takes
    a lease on the row with a conditional UPDATE, so a retried or duplicate task cannot send it again. The
    message (subject, body template and context) is kept on the row because tasks take ids only; the
    Message-ID is derived from the key, so every attempt carries the same one.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders_received",
        verbose_name=_("recipient"),
    )
    body_template = models.TextField(_("body template"))
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    url = models.CharField(_("link"), max_length=500, blank=True)
    category = models.CharField(
        _("kind of email"), max_length=16, choices=MailCategory.choices, default=MailCategory.REMINDERS
    )

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("reminders log")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "due_on", "recipient"], name="estates_sentreminder_unique_key"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="estates_sentreminder_retry"),
            models.Index(fields=["-claimed_at"], name="estates_sentreminder_newest"),
        ]
