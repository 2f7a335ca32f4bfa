"""Follow-up meetings (with a snapshot of every finding's status) and theme meetings."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from safety_walks.managers import ThemeMeetingQuerySet
from safety_walks.models.findings import Finding, FindingStatus


class FollowUpMeeting(models.Model):
    """The meeting about six months after a walk that takes stock of every finding."""

    walk = models.OneToOneField(
        "safety_walks.WalkPage",
        on_delete=models.CASCADE,
        related_name="follow_up_meeting",
        verbose_name=_("safety walk"),
    )
    held_on = models.DateField(_("held on"))
    summary = models.TextField(_("summary for residents"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [FieldPanel("walk", widget=forms.Select), FieldPanel("held_on"), FieldPanel("summary")]

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")

    def __str__(self) -> str:
        return f"{self.walk} – {self.held_on:%d.%m.%Y}"


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
    place = models.CharField(_("place"), max_length=200)
    outcome = models.TextField(_("outcome"), blank=True)
    is_public = models.BooleanField(_("shown to residents"), default=True)

    objects = ThemeMeetingQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("walks", widget=forms.CheckboxSelectMultiple),
        FieldPanel("findings"),
        FieldPanel("problem"),
        FieldPanel("starts_at"),
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
