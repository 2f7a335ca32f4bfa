"""The outbox's rows: what every mail of the plugin keeps while it is claimed, leased, sent and retried.

`OutboxRow` holds the rules' fields (estates/outbox.py applies the rules): the key's kind, subject and
day, the status, the claimer's token, the lease, the attempts and the backoff, the Message-ID.
`SentReminder` (estates.models) is a mail to a user, rendered when it is sent; `AddressMail` is a mail
to an email address without an account (a resident who signed up, reported or follows a walk), its text
rendered when it is claimed and kept with its attachments until it is sent.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    CLAIMED = "claimed", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be retried")
    WITHDRAWN = "withdrawn", _("Not sent: turned off by the recipient")


class OutboxRow(models.Model):
    """The fields of one claimed mail that the outbox's claim, lease and retry rules work on."""

    Status = OutboxStatus

    kind = models.CharField(_("kind"), max_length=100)
    subject_key = models.CharField(_("about"), max_length=120)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CLAIMED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    subject = models.CharField(_("subject"), max_length=255)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True, editable=False)
    # Which claimer claimed (or re-claimed) the row: a claimer enqueues only rows carrying its own token.
    claim_token = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.subject


class AddressMailQuerySet(models.QuerySet):
    def about(self, *subject_keys: str):
        """The mails about these objects (e.g. "signup:12"): a feature forgets them with the person."""
        return self.filter(subject_key__in=subject_keys)

    def of_feature(self, kind_prefix: str):
        """A feature's mails, by the prefix of their kind (e.g. "community.signup_")."""
        return self.filter(kind__startswith=kind_prefix)

    def claimed_before(self, moment):
        """For a feature's retention rule: also reaches mails whose object was deleted by a cascade."""
        return self.filter(claimed_at__lt=moment)


class AddressMail(OutboxRow):
    """One email to an address without an account, claimed once under (kind, subject_key, due_on, address).
    Its feature erases it with the person it is about (`about`), and keeps sent rows only as long as it
    needs them to send nothing twice."""

    address = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(_("language of the email"), max_length=10, blank=True)
    body = models.TextField(_("text of the email"))
    # [filename, content, mimetype] triples, e.g. an activity's .ics.
    attachments = models.JSONField(_("attached files"), default=list, blank=True)
    # RFC 8058 one-click unsubscribe link, if the recipient may stop these mails.
    unsubscribe_url = models.CharField(_("unsubscribe link"), max_length=500, blank=True)

    objects = AddressMailQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        verbose_name = _("email to an address")
        verbose_name_plural = _("emails to addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "due_on", "address"], name="estates_addressmail_unique_key"
            ),
            models.CheckConstraint(condition=~Q(address=""), name="estates_addressmail_has_address"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="estates_addressmail_retry"),
            models.Index(fields=["subject_key"], name="estates_addressmail_about"),
        ]
