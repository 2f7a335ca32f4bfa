"""How many took part in one occurrence of an activity, by age group, for evaluation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel

from community.choices import TargetGroupCode
from community.models.querysets import AttendanceQuerySet
from community.recurrence import Window, activity_occurrences
from community.signups.attendance_form import AttendanceForm

# The participant counts, each for the target group of the same age.
COUNT_FIELDS = {
    "children": TargetGroupCode.CHILDREN,
    "youth": TargetGroupCode.YOUTH,
    "adults": TargetGroupCode.ADULTS,
    "elderly": TargetGroupCode.ELDERLY,
}


class Attendance(models.Model):
    """Recorded by staff after an occurrence: participants by age group and how many were new."""

    activity = models.ForeignKey(
        "community.ActivityPage",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="attendance_records",
    )
    occurrence_date = models.DateField(_("date of the occurrence"))
    children = models.PositiveIntegerField(_("children"), default=0)
    youth = models.PositiveIntegerField(_("young people"), default=0)
    adults = models.PositiveIntegerField(_("adults"), default=0)
    elderly = models.PositiveIntegerField(_("elderly"), default=0)
    new_participants = models.PositiveIntegerField(
        _("new participants"), default=0, help_text=_("How many of them took part for the first time.")
    )
    note = models.TextField(_("note"), blank=True, help_text=_("For the team only. Do not write names."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    # Opened for an activity and a date, the form counts the people who signed up.
    base_form_class = AttendanceForm

    panels = [
        PageChooserPanel("activity", page_type="community.ActivityPage"),
        FieldPanel("occurrence_date"),
        FieldRowPanel([FieldPanel("children"), FieldPanel("youth"), FieldPanel("adults"), FieldPanel("elderly")]),
        FieldPanel("new_participants"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["-occurrence_date", "activity__title"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "occurrence_date"],
                name="community_attendance_one_per_date",
                violation_error_message=_("Attendance for this activity on this date is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(new_participants__lte=F("children") + F("youth") + F("adults") + F("elderly")),
                name="community_attendance_new_within_total",
                violation_error_message=_("There cannot be more new participants than participants in all."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.title}, {date_format(self.occurrence_date, 'j. F Y')}"

    @property
    def total(self) -> int:
        return self.children + self.youth + self.adults + self.elderly

    total.fget.short_description = _("Participants in all")  # the admin list's and export's column heading

    def clean(self):
        super().clean()
        errors = {}
        if self.occurrence_date and self.occurrence_date > timezone.localdate():
            errors["occurrence_date"] = _("Attendance can be recorded once the activity has taken place.")
        elif self.occurrence_date and self.activity_id and not self._took_place_on(self.occurrence_date):
            errors["occurrence_date"] = _("The activity did not take place on that date.")
        if errors:
            raise ValidationError(errors)

    def _took_place_on(self, day) -> bool:
        window = Window.of_days(day, day)
        occurrences = activity_occurrences(self.activity, start=window.start, end=window.end)
        return any(occurrence.first_day == day and not occurrence.cancelled for occurrence in occurrences)
