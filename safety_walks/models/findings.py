"""Findings (utryghedsskabende forhold) and who is responsible for fixing them."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin

from estates import i18n
from safety_walks import category_names
from safety_walks.managers import FindingQuerySet, ResponsibilityQuerySet
from safety_walks.statuses import (
    CLOSED_RESPONSIBILITY_STATUSES,
    CLOSED_STATUSES,
    FindingStatus,
    Priority,
    ResponsibilityStatus,
    deadline_passed,
)
from safety_walks.widgets import MapPointInput

__all__ = [
    "CLOSED_STATUSES",
    "Finding",
    "FindingCategory",
    "FindingStatus",
    "Priority",
    "Responsibility",
    "ResponsibilityStatus",
]


class FindingCategoryQuerySet(models.QuerySet):
    def in_default_locale(self):
        """The categories findings point at (Danish): one row per category however many languages name it."""
        return self.filter(in_default_locale())


def in_default_locale() -> models.Q:
    """The default locale's categories, asked with a join (no query for the locale itself)."""
    return models.Q(locale__language_code=i18n.default_language())


class FindingCategory(TranslatableMixin, models.Model):
    """A point of the safety-walk checklist: lighting, vegetation and sightlines, ...

    Staff keep the Danish list; each category is translated with wagtail-localize ("Translate" in the snippet
    list), a row per language with the same translation key. Findings point at the Danish row, and `str()` gives
    the name in the language being read (safety_walks/category_names.py).
    """

    name = models.CharField(_("name"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = FindingCategoryQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("name", "locale")]
        verbose_name = _("finding category")
        verbose_name_plural = _("finding categories")

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        super().clean()
        # Unique per language: the form has no locale field, so Django's own check of (name, locale) is skipped.
        locale_id = self.locale_id or i18n.default_locale_id()
        if FindingCategory.objects.filter(locale_id=locale_id, name=self.name).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("A category with this name already exists.")})

    @property
    def display_name(self) -> str:
        """The name in the active language: the translation's, else the Danish name."""
        return category_names.shown_name(self)[0]

    @property
    def name_language(self) -> str:
        """The language `display_name` is written in ("da" where no translation exists): for `{% lang_of %}`."""
        return category_names.shown_name(self)[1]


class Finding(ClusterableModel):
    """One condition found on a walk that makes residents feel unsafe."""

    walk = models.ForeignKey(
        "safety_walks.WalkPage", on_delete=models.CASCADE, related_name="findings", verbose_name=_("safety walk")
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        FindingCategory,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("category"),
        limit_choices_to=in_default_locale,  # forms and list filters offer each category once
    )
    location = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("For example 'the path behind no. 14'.")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    photo = models.ForeignKey(
        "estates.Photo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
        editable=False,  # set through the finding editor's photo upload (safety_walks/finding_photo_form.py)
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)
    is_public = models.BooleanField(
        _("shown to residents"),
        default=True,
        help_text=_("Untick for findings that must stay internal, for example a place where drugs are sold."),
    )
    status = models.CharField(
        _("status"), max_length=32, choices=FindingStatus.choices, default=FindingStatus.REGISTERED, db_index=True
    )
    status_set_by_staff = models.BooleanField(
        _("status set by staff"),
        default=False,
        help_text=_("Tick to set the status by hand; otherwise it follows the responsibilities."),
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Required when the finding cannot be resolved. Shown to residents.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = FindingQuerySet.as_manager()

    panels = [
        FieldPanel("walk", widget=forms.Select),
        FieldPanel("title"),
        FieldPanel("description"),
        # A short list of (Danish) categories: a plain select rather than the snippet chooser.
        FieldRowPanel([FieldPanel("category", widget=forms.Select), FieldPanel("priority")]),
        MultiFieldPanel(
            [FieldPanel("location"), FieldPanel("latitude"), FieldPanel("longitude", widget=MapPointInput())],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("photo_upload"), FieldPanel("photo_alt_text"), FieldPanel("photo_remove")],
            heading=_("Photo"),
        ),
        FieldPanel("is_public"),
        MultiFieldPanel(
            [FieldPanel("status_set_by_staff"), FieldPanel("status"), FieldPanel("status_reason")],
            heading=_("Status"),
        ),
        InlinePanel("responsibilities", heading=_("Responsibility"), label=_("Responsible organisation")),
    ]

    class Meta:
        ordering = ["walk", "priority", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        # A walk's public findings by status: the lists' progress counts read the index alone.
        indexes = [
            models.Index(fields=["walk", "is_public", "status"], name="sw_finding_walk_public_status"),
            # Staff's no-news digest: counts the open findings along the index alone, and reads the oldest of them
            # first without sorting them all (FindingQuerySet.count_quiet_since, quietest_since).
            models.Index(fields=["created_at", "status"], name="sw_finding_created_status"),
            # The findings list in its order (`ordering`): a page is read along it, not sorted out of a whole walk's
            # findings (or every finding, unfiltered).
            models.Index(fields=["walk", "priority", "id"], name="sw_finding_list_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.status == FindingStatus.CANNOT_BE_RESOLVED and self.status_set_by_staff and not self.status_reason:
            raise ValidationError({"status_reason": _("Explain to residents why the finding cannot be resolved.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


DEADLINE_BEFORE_WALK = _("The deadline cannot be before the safety walk.")


def deadline_before_walk(deadline, walk) -> bool:
    """A responsibility's deadline must not lie before the day of its walk (model and finding editor ask this)."""
    return deadline is not None and deadline < timezone.localdate(walk.walk_date)


class Responsibility(Orderable):
    """An organisation (and often a named contact) that is to fix a finding, by a deadline."""

    finding = ParentalKey(Finding, on_delete=models.CASCADE, related_name="responsibilities")
    organisation = models.ForeignKey(
        "estates.Organisation",
        on_delete=models.PROTECT,
        related_name="responsibilities",
        verbose_name=_("organisation"),
    )
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    task = models.TextField(_("what they are to do"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=ResponsibilityStatus.choices, default=ResponsibilityStatus.PLACED
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ResponsibilityQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("organisation", widget=forms.Select), FieldPanel("contact_person")]),
        FieldPanel("task"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("status")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        indexes = [
            models.Index(fields=["organisation", "status", "deadline"]),
            # Staff's dashboard: the open ones by deadline, so the oldest overdue are read first (no sort of every
            # overdue one) and counted along the index (safety_walks.panels).
            models.Index(
                fields=["deadline", "id"],
                condition=~models.Q(status__in=CLOSED_RESPONSIBILITY_STATUSES),
                name="sw_resp_open_by_deadline",
            ),
            # Staff's findings list, overdue (Finding.objects.overdue_by_keys): the findings named by the overdue
            # ones, read and counted along this index alone (no look-up of each responsibility); with the status in
            # it, the dashboard's count of overdue ones reads only open entries too (SQLite still checks the
            # condition's NOT IN, so a covering index needs the status).
            models.Index(
                fields=["deadline", "finding", "status"],
                condition=~models.Q(status__in=CLOSED_RESPONSIBILITY_STATUSES),
                name="sw_resp_open_findings",
            ),
            # The reminder sweep (safety_walks.reminders) on SQLite too, which cannot use the partial index above
            # for a query whose statuses are parameters: the deadlines of the coming week, and which organisations
            # have an overdue one (one look each) and their first overdue ones.
            models.Index(fields=["deadline", "status"], name="sw_resp_deadline_status"),
            models.Index(fields=["organisation", "deadline", "status"], name="sw_resp_org_deadline_status"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.finding}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that moving the responsibility to another organisation notifies the new one.
        instance._loaded_organisation_id = instance.__dict__.get("organisation_id")
        return instance

    def clean(self):
        super().clean()
        try:
            walk = self.finding.walk
        except ObjectDoesNotExist:  # a new finding whose walk is not chosen yet
            walk = None
        if walk is not None and deadline_before_walk(self.deadline, walk):
            raise ValidationError({"deadline": DEADLINE_BEFORE_WALK})

    # In-memory twins of ResponsibilityQuerySet.open() and .overdue(on=), for rows already loaded.
    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_RESPONSIBILITY_STATUSES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and deadline_passed(self.deadline, today)
