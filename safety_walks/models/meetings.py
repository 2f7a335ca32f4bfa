"""Follow-up meetings (with a snapshot of every finding's status) and theme meetings."""

from datetime import date, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from safety_walks.managers import ThemeMeetingQuerySet
from safety_walks.models.findings import Finding, FindingStatus


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class FollowUpMeetingQuerySet(models.QuerySet):
    def planned(self):
        """Planned and not yet recorded as held."""
        return self.filter(held_on__isnull=True)

    def held(self):
        return self.filter(held_on__isnull=False)


def _walk_day(walk) -> date | None:
    return timezone.localdate(walk.walk_date) if walk is not None and walk.walk_date else None


class FollowUpMeeting(models.Model):
    """The meeting about six months after a walk that takes stock of every finding.

    Planned first (date, time, place: announced on the walk page and in the calendar), then recorded as
    held (`held_on`), which keeps a snapshot of every finding's status. A row without `held_on` is planned.
    """

    walk = models.OneToOneField(
        "safety_walks.WalkPage",
        on_delete=models.CASCADE,
        related_name="follow_up_meeting",
        verbose_name=_("safety walk"),
    )
    planned_on = models.DateField(_("date"), null=True, blank=True)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("For example: the community house, Nordparken 12.")
    )
    held_on = models.DateField(
        _("held on"), null=True, blank=True, help_text=_("Fill in when the meeting has been held.")
    )
    summary = models.TextField(_("summary for residents"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FollowUpMeetingQuerySet.as_manager()

    panels = [
        FieldPanel("walk", widget=forms.Select),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("planned_on"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("place"),
            ],
            heading=_("Planned"),
        ),
        MultiFieldPanel([FieldPanel("held_on"), FieldPanel("summary")], heading=_("Held")),
    ]

    class Meta:
        ordering = ["-held_on", "-planned_on"]
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")

    def __str__(self) -> str:
        day = self.held_on or self.planned_on
        return f"{self.walk} – {day:%d.%m.%Y}" if day else str(self.walk)

    @property
    def state(self) -> str:
        return MeetingState.HELD if self.held_on else MeetingState.PLANNED

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def get_state_display(self) -> str:
        return MeetingState(self.state).label

    @property
    def start(self) -> datetime | None:
        """When it begins (aware), if a day and a time are planned."""
        if self.planned_on and self.starts_at:
            return timezone.make_aware(datetime.combine(self.planned_on, self.starts_at))
        return None

    @property
    def end(self) -> datetime | None:
        if self.planned_on and self.starts_at and self.ends_at:
            return timezone.make_aware(datetime.combine(self.planned_on, self.ends_at))
        return None

    def clean(self):
        super().clean()
        errors = {}
        walk = self.walk if self.walk_id else None
        walk_day = _walk_day(walk)
        if not self.planned_on and not self.held_on:
            errors["planned_on"] = _("Choose the day of the meeting, or the day it was held.")
        if walk_day and self.planned_on and self.planned_on < walk_day:
            errors["planned_on"] = _(
                "The follow-up meeting cannot be before the walk (%(date)s). Choose a date after the walk."
            ) % {"date": walk_day.strftime("%d.%m.%Y")}
        if walk_day and self.held_on and self.held_on < walk_day:
            errors["held_on"] = _("The follow-up meeting cannot have been held before the walk (%(date)s).") % {
                "date": walk_day.strftime("%d.%m.%Y")
            }
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("A meeting can only be recorded as held on or after the day it is held.")
        if self.ends_at and not self.starts_at:
            errors["starts_at"] = _("Give the time the meeting starts as well.")
        elif self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if (self.starts_at or self.place) and not self.planned_on and not self.held_on:
            errors.setdefault("planned_on", _("Choose the day of the meeting."))
        if errors:
            raise ValidationError(errors)


class FindingSnapshot(models.Model):
    """A finding's status as it stood at the follow-up meeting."""

    meeting = models.ForeignKey(FollowUpMeeting, on_delete=models.CASCADE, related_name="snapshots")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="snapshots")
    status = models.CharField(max_length=32, choices=FindingStatus.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "finding"], name="safety_walks_one_snapshot")]

    def __str__(self) -> str:
        return f"{self.finding}: {self.get_status_display()}"


class ThemeMeeting(models.Model):
    """A meeting that goes deeper into one problem raised by one or more walks."""

    title = models.CharField(_("title"), max_length=160)
    walks = models.ManyToManyField(
        "safety_walks.WalkPage", related_name="theme_meetings", verbose_name=_("safety walks")
    )
    findings = models.ManyToManyField(
        Finding, blank=True, related_name="theme_meetings", verbose_name=_("findings it takes up")
    )
    problem = models.TextField(_("the problem it takes up"))
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    outcome = models.TextField(_("outcome"), blank=True)
    is_public = models.BooleanField(_("shown to residents"), default=True)

    objects = ThemeMeetingQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("walks", widget=forms.CheckboxSelectMultiple),
        FieldPanel("findings"),
        FieldPanel("problem"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("place"),
        FieldPanel("outcome"),
        FieldPanel("is_public"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("theme meeting")
        verbose_name_plural = _("theme meetings")

    def __str__(self) -> str:
        return self.title

    @property
    def end(self) -> datetime | None:
        if self.starts_at and self.ends_at:
            return timezone.make_aware(datetime.combine(timezone.localdate(self.starts_at), self.ends_at))
        return None

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= timezone.localtime(self.starts_at).time():
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
