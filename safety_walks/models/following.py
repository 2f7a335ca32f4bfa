"""Residents following a walk or a housing area by email (#16): no account, double opt-in, a daily digest.

A `Follower` is one address following one walk or one housing area. It is pending until the confirmation
link is used; nothing but that one confirmation mail is sent before. Each mail to a follower goes through the
plugin's outbox as a mail to an address (safety_walks/following/mailer.py, estates/outbox.py), claimed once
under (kind, "follower:<id>", day, address).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def default_language() -> str:
    """The site's language, for a follow (or a report) made outside a request."""
    return settings.LANGUAGE_CODE


def new_token() -> str:
    return secrets.token_urlsafe(18)


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(confirmed_at=None)

    def pending(self):
        return self.filter(confirmed_at=None)

    def of_email(self, email: str):
        return self.filter(email__iexact=email.strip())


class Follower(models.Model):
    """One email address following the public findings of one walk or of one housing area."""

    email = models.EmailField(_("email address"), max_length=254)
    walk = models.ForeignKey(
        "safety_walks.WalkPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("safety walk"),
    )
    area = models.ForeignKey(
        "estates.HousingArea",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("housing area"),
    )
    # The language the follower asked in: the confirmation and digests are written in it and link to pages in it.
    language = models.CharField(_("language"), max_length=10, default=default_language, editable=False)
    # Part of every link the follower receives: a link stops working when the row is gone or made anew.
    token = models.CharField(max_length=40, default=new_token, unique=True, editable=False)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Changes up to this moment were told (or there was nothing to tell): the next digest starts here.
    told_until = models.DateTimeField(_("told until"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.CheckConstraint(
                condition=Q(walk__isnull=False, area__isnull=True) | Q(walk__isnull=True, area__isnull=False),
                name="follow_follower_walk_or_area",
            ),
            models.UniqueConstraint(fields=["email", "walk"], name="follow_follower_unique_walk"),
            models.UniqueConstraint(fields=["email", "area"], name="follow_follower_unique_area"),
        ]
        indexes = [models.Index(fields=["confirmed_at", "told_until"], name="follow_follower_due")]

    def __str__(self) -> str:
        return str(self.walk or self.area)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
