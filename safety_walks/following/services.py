"""Following as domain operations: ask to follow (one confirmation mail), confirm, stop, and the removal
of addresses whose time is up. Keyword-only; each in one transaction."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from estates import i18n, outbox
from estates.conf import setting as estates_setting
from estates.mail import render_text
from estates.models import AddressMail
from safety_walks.following import mailer
from safety_walks.following.conf import setting
from safety_walks.models.following import Follower

CONFIRM_TEMPLATE = "safety_walks/following/emails/confirm.txt"
SENT_MAILS_KEPT = timedelta(days=31)


def followed_name(follower: Follower) -> str:
    """The walk's title in the active language (its translation, if any), or the housing area's name."""
    if not follower.walk_id:
        return follower.area.name
    return i18n.presented([follower.walk])[follower.walk_id].title


@transaction.atomic
def follow_request(*, email: str, walk=None, area=None, language: str = "") -> Follower:
    """Ask to follow a walk or a housing area. A new or still pending follow gets one confirmation mail
    (at most one a day); an address that already follows gets nothing, and the answer is the same, so the
    form never tells whether an address follows."""
    email = email.strip()
    # A follow belongs to the walk itself (the Danish page), whichever language's page it was asked on.
    target = {"walk": i18n.source_page(walk)} if walk is not None else {"area": area}
    follower = Follower.objects.select_for_update().of_email(email).filter(**target).first()
    if follower is None:
        try:
            with transaction.atomic():
                follower = Follower(email=email, language=language or settings.LANGUAGE_CODE, **target)
                follower.full_clean()
                follower.save()
        except IntegrityError:  # the same request twice at once: the other one made the row
            return Follower.objects.of_email(email).get(**target)
    if follower.is_confirmed:
        return follower
    mailer.claim_after_commit([confirmation_mail(follower)])
    return follower


def confirmation_mail(follower: Follower) -> outbox.AddressedMail:
    with translation.override(mailer.language_of(follower)):
        context = {
            "name": followed_name(follower),
            "is_walk": bool(follower.walk_id),
            "confirm_url": mailer.confirm_url(follower),
            "days": setting("BOLIGSOCIAL_FOLLOW_CONFIRM_DAYS"),
            "site_name": estates_setting("WAGTAIL_SITE_NAME"),
        }
        subject = _("Confirm that you want news about %(name)s") % {"name": context["name"]}
        body = render_text(CONFIRM_TEMPLATE, context)
    return mailer.follower_mail(follower, mailer.CONFIRM, due_on=timezone.localdate(), subject=subject, body=body)


@transaction.atomic
def follow_confirm(*, follower: Follower) -> Follower:
    """The confirmation link was used: digests start with what happens from now on. Using it again changes nothing."""
    if not follower.is_confirmed:
        now = timezone.now()
        Follower.objects.filter(pk=follower.pk, confirmed_at=None).update(confirmed_at=now, told_until=now)
        follower.refresh_from_db()
    return follower


@transaction.atomic
def follow_end(*, follower: Follower) -> None:
    """Unsubscribe: the address and its mails are removed at once."""
    mailer.forget([follower.pk])
    Follower.objects.filter(pk=follower.pk).delete()


def followers_purge(*, now=None) -> int:
    """Remove follow requests never confirmed within the link's lifetime, and follows that have had nothing
    to tell for BOLIGSOCIAL_FOLLOWER_RETENTION_MONTHS (counted from confirming or the last digest)."""
    now = now or timezone.now()
    unconfirmed_before = now - timedelta(days=setting("BOLIGSOCIAL_FOLLOW_CONFIRM_DAYS"))
    quiet_before = now - relativedelta(months=setting("BOLIGSOCIAL_FOLLOWER_RETENTION_MONTHS"))
    # The last digest always comes after confirming: the later of the two is the first that is set.
    expired = Follower.objects.annotate(last_news=Coalesce("last_digest_at", "confirmed_at")).filter(
        Q(confirmed_at=None, created_at__lt=unconfirmed_before) | Q(last_news__lt=quiet_before)
    )
    expired_ids = list(expired.values_list("pk", flat=True))
    mailer.forget(expired_ids)
    deleted, per_model = Follower.objects.filter(pk__in=expired_ids).delete()
    # A mail's row only guards against sending it twice the same day (and holds a retry): kept a month.
    AddressMail.objects.of_feature(mailer.KIND_PREFIX).claimed_before(now - SENT_MAILS_KEPT).delete()
    return per_model.get(Follower._meta.label, 0)
