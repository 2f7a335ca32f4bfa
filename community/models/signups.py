"""Sign-ups for an activity or one of its occurrences, with a waiting list (#15).

A sign-up names an occurrence by its scheduled start (`occurrence_start`; a moved occurrence keeps the
start it was scheduled for); no occurrence means the whole series (or the one time of a single activity).
A confirmed sign-up for the series holds its places in every occurrence. Places are counted here and
enforced by the services (community/signups/services.py) under a row lock on the activity.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from community.signups.records import SignUpStatus
from estates.person_data import normalised_email, normalised_phone

MAX_PARTY = 10


def default_language() -> str:
    """The site's language: a sign-up made outside a request (staff, a script) is mailed in it."""
    return settings.LANGUAGE_CODE


def new_token() -> str:
    """The secret of a cancel link: 256 random bits, unguessable and unique."""
    return secrets.token_urlsafe(32)


class SignUpQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=SignUpStatus.CONFIRMED)

    def waiting(self):
        return self.filter(status=SignUpStatus.WAITING)

    def active(self):
        """Confirmed or waiting: not cancelled."""
        return self.exclude(status=SignUpStatus.CANCELLED)

    def of_activity(self, activity):
        return self.filter(activity=activity)

    def of_occurrence(self, occurrence_start: datetime | None, *, with_series: bool = False):
        """The sign-ups for one occurrence (None: for the series); with_series adds the series' sign-ups,
        who come to every occurrence."""
        if occurrence_start is None:
            return self.filter(occurrence_start__isnull=True)
        if with_series:
            return self.filter(Q(occurrence_start=occurrence_start) | Q(occurrence_start__isnull=True))
        return self.filter(occurrence_start=occurrence_start)

    def places_taken(self) -> int:
        """The number of people the sign-ups bring (a party of three takes three places)."""
        return self.aggregate(total=Sum("people"))["total"] or 0

    def taken_per_occurrence(self) -> dict[datetime, int]:
        """People per occurrence (series sign-ups not included), one query."""
        rows = self.filter(occurrence_start__isnull=False).values("occurrence_start").annotate(total=Sum("people"))
        return {row["occurrence_start"]: row["total"] for row in rows}

    def in_line(self):
        """The waiting list in the order people joined it."""
        return self.waiting().order_by("created_at", "pk")

    def of_person(self, *, email: str, phone: str):
        """Every sign-up with this email address or phone number (normalised the same way as stored)."""
        condition = Q(pk__in=[])
        if normalised_email(email):
            condition |= Q(email=normalised_email(email))
        if normalised_phone(phone):
            condition |= Q(phone_digits=normalised_phone(phone))
        return self.filter(condition)


class SignUp(models.Model):
    """One person (and the people they bring) signed up for an activity or one of its occurrences."""

    activity = models.ForeignKey(
        "community.ActivityPage", verbose_name=_("activity"), on_delete=models.CASCADE, related_name="signups"
    )
    occurrence_start = models.DateTimeField(
        _("occurrence"), null=True, blank=True, help_text=_("Empty: every time (the whole series).")
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_digits = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    people = models.PositiveSmallIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY)]
    )
    note = models.TextField(_("note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SignUpStatus.choices)
    # The language the resident read the form in: their mails are written in it and link to pages in it.
    language = models.CharField(_("language"), max_length=10, default=default_language, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "occurrence_start", "created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        indexes = [models.Index(fields=["activity", "occurrence_start", "status"], name="community_signup_places")]
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="community_signup_email_or_phone"),
            models.CheckConstraint(condition=Q(people__gte=1), name="community_signup_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.email = normalised_email(self.email)
        self.phone_digits = normalised_phone(self.phone)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self) -> bool:
        return self.status == SignUpStatus.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == SignUpStatus.WAITING

    @property
    def is_cancelled(self) -> bool:
        return self.status == SignUpStatus.CANCELLED
