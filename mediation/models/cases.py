"""A confidential mediation case between two or more parties, and its meetings, agreements and referrals.

Outside the case only its reference (M-2026-014) is ever shown: `__str__` of every model here returns the
reference or a neutral label, because Wagtail and Django print `str(obj)` in messages and lists.
Narrative fields are encrypted at rest (mediation.encryption).
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from mediation.blind_index import BlindIndexField
from mediation.encryption import EncryptedCharField, EncryptedTextField
from mediation.managers import AgreementQuerySet, CaseQuerySet

REFERENCE_PREFIX = "M"


class ConflictType(models.Model):
    """What a conflict is about; a fixed list (created by migration 0003) so cases can be counted by type."""

    class Code(models.TextChoices):
        NOISE = "noise", _("Noise")
        HARASSMENT = "harassment", _("Harassment")
        SHARED_SPACES = "shared_spaces", _("Shared spaces")
        CHILDREN = "children", _("Children")
        PETS = "pets", _("Pets")
        WASTE = "waste", _("Waste")
        PARKING = "parking", _("Parking")
        OTHER = "other", _("Other")

    code = models.CharField(_("conflict type"), max_length=32, choices=Code.choices, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("conflict type")
        verbose_name_plural = _("conflict types")

    def __str__(self) -> str:
        return str(self.get_code_display())


class Case(ClusterableModel):
    """One mediation case ("sag"). Its parties are on equal footing: there is no "client"."""

    wagtail_reference_index_ignore = True  # never listed as a "usage" of a housing area or user

    class Channel(models.TextChoices):
        RESIDENT = "resident", _("A resident")
        MAINTENANCE = "maintenance", _("Housing maintenance")
        POLICE = "police", _("The police")
        BOARD = "board", _("The resident board")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        IN_MEDIATION = "in_mediation", _("In mediation")
        AGREEMENT_REACHED = "agreement_reached", _("Agreement reached")
        NO_AGREEMENT = "no_agreement", _("No agreement")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")
        REFERRED_ON = "referred_on", _("Referred to outreach workers")
        WITHDRAWN = "withdrawn", _("Withdrawn by the parties")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    area = models.ForeignKey(
        "estates.HousingArea",
        # Required for new cases; a deleted housing area leaves its cases counted as "no housing area".
        on_delete=models.SET_NULL,
        null=True,
        # No reverse accessor: a housing area must not lead anyone to its cases.
        related_name="+",
        verbose_name=_("housing area"),
    )
    conflict_types = ParentalManyToManyField(ConflictType, related_name="cases", verbose_name=_("conflict types"))
    channel = models.CharField(_("came in through"), max_length=20, choices=Channel.choices)
    intake_date = models.DateField(_("intake date"), default=timezone.localdate)
    mediators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="mediation_cases",
        verbose_name=_("mediators"),
        help_text=_("Only the assigned mediators and the mediation leads can open the case."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INTAKE)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    description = EncryptedTextField(_("description"), blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-intake_date", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [("view_statistics", "Can see mediation statistics")]
        indexes = [models.Index(fields=["status", "closed_on"], name="mediation_case_retention")]

    def __str__(self) -> str:
        return self.reference or str(_("New case"))

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def clean(self):
        errors = {}
        if self.status == self.Status.CLOSED:
            if self.closed_on is None:
                self.closed_on = timezone.localdate()
            if not self.outcome:
                errors["outcome"] = _("Choose the outcome before you close the case.")
        elif self.closed_on is not None:
            errors["closed_on"] = _(
                "Only a closed case has a closing date. Set the status to closed, or clear the date."
            )
        if self.closed_on and self.intake_date and self.closed_on < self.intake_date:
            errors["closed_on"] = _("A case cannot be closed before its intake date.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.reference:
            return super().save(*args, **kwargs)
        # Two mediators may register a case at the same moment: the unique reference decides, the loser retries.
        for _attempt in range(5):
            self.reference = next_reference(self.intake_date.year)
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Case.objects.filter(reference=self.reference).exists():
                    raise
                self.reference = ""
        raise IntegrityError("Could not find a free case reference.")


def next_reference(year: int) -> str:
    """The next free reference of the year, e.g. M-2026-014."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    numbers = [
        int(reference.removeprefix(prefix))
        for reference in Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if reference.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


class Party(models.Model):
    """A resident, a household or a group in a case."""

    wagtail_reference_index_ignore = True  # never listed as a "usage" of a housing area or user

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        HOUSEHOLD = "household", _("Household")
        GROUP = "group", _("Group")

    case = ParentalKey(Case, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RESIDENT)
    name = EncryptedCharField(_("name"), max_length=200)
    address = EncryptedCharField(_("address or unit"), max_length=200, blank=True)
    contact = EncryptedCharField(_("contact details"), max_length=200, blank=True, help_text=_("Phone or email."))
    role = EncryptedTextField(_("role in the conflict"), blank=True)
    # Who the party is, findable without decrypting: a keyed digest of name and address (mediation.blind_index).
    person_index = BlindIndexField(sources=("name", "address"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return str(_("Party"))


class Meeting(models.Model):
    wagtail_reference_index_ignore = True  # never listed as a "usage" of a housing area or user

    case = ParentalKey(Case, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"), default=timezone.localdate)
    participants = EncryptedTextField(_("who took part"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return str(_("Meeting"))


class Agreement(models.Model):
    wagtail_reference_index_ignore = True  # never listed as a "usage" of a housing area or user

    class Kept(models.TextChoices):
        NOT_YET_KNOWN = "not_yet_known", _("Not followed up yet")
        KEPT = "kept", _("Kept")
        PARTLY_KEPT = "partly_kept", _("Partly kept")
        NOT_KEPT = "not_kept", _("Not kept")

    case = ParentalKey(Case, on_delete=models.CASCADE, related_name="agreements")
    agreed_on = models.DateField(_("agreed on"), default=timezone.localdate)
    text = EncryptedTextField(_("what was agreed"))
    follow_up_on = models.DateField(
        _("follow-up date"),
        null=True,
        blank=True,
        help_text=_("The case's mediators get a reminder that names only the case reference."),
    )
    kept = models.CharField(_("kept?"), max_length=20, choices=Kept.choices, default=Kept.NOT_YET_KNOWN)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["agreed_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return str(_("Agreement"))


class Referral(models.Model):
    """A referral to a municipal outreach worker. It cannot exist without the resident's recorded consent."""

    wagtail_reference_index_ignore = True  # never listed as a "usage" of a housing area or user

    case = ParentalKey(Case, on_delete=models.CASCADE, related_name="referrals")
    outreach_contact = models.ForeignKey(
        "mediation.OutreachContact",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("outreach worker"),
    )
    purpose = EncryptedTextField(_("purpose"))
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    consent_given_by = EncryptedCharField(_("consent given by"), max_length=200, blank=True)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = EncryptedTextField(
        _("consent covers"), blank=True, help_text=_("What the resident agreed may be shared, and with whom.")
    )
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["referred_on", "pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return str(_("Referral"))

    @property
    def has_consent(self) -> bool:
        return bool(self.consent_given_by and self.consent_given_on and self.consent_scope)

    def clean(self):
        errors = {}
        if not self.has_consent:
            errors[NON_FIELD_ERRORS] = [
                _(
                    "A referral cannot be saved without the resident's consent. Record who gave consent, "
                    "when, and what it covers."
                )
            ]
            missing = _("Required for the consent.")
            for field in ("consent_given_by", "consent_given_on", "consent_scope"):
                if not getattr(self, field):
                    errors[field] = missing
        elif self.referred_on and self.consent_given_on > self.referred_on:
            errors["consent_given_on"] = _("Consent must be given before the referral is made.")
        if self.outreach_contact_id and self._chooses_inactive_contact():
            errors["outreach_contact"] = _("This outreach worker is no longer active. Choose another.")
        if self.consent_withdrawn_on and self.consent_given_on and self.consent_withdrawn_on < self.consent_given_on:
            errors["consent_withdrawn_on"] = _("Consent cannot be withdrawn before it was given.")
        if errors:
            raise ValidationError(errors)

    def _chooses_inactive_contact(self) -> bool:
        """An inactive contact stays on existing referrals but cannot be chosen anew."""
        if self.outreach_contact.is_active:
            return False
        if self.pk is None:
            return True
        return not Referral.objects.filter(pk=self.pk, outreach_contact_id=self.outreach_contact_id).exists()
