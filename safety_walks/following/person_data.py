"""Followers in the plugin's person-data export and erasure (estates/person_data.py): found by email."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from estates.person_data import PersonDataSection, normalised_email
from safety_walks.following import mailer
from safety_walks.following.services import followed_name
from safety_walks.models.following import Follower


def _when(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


class FollowerSource:
    """What the follow-by-email feature holds about one address: its follows and when mails were sent."""

    def _followers(self, email: str):
        email = normalised_email(email)
        return Follower.objects.of_email(email).select_related("walk", "area") if email else Follower.objects.none()

    def find(self, *, email: str, phone: str) -> PersonDataSection:
        rows = [
            [
                follower.email,
                followed_name(follower),
                _when(follower.created_at),
                _when(follower.confirmed_at),
                _when(follower.last_digest_at),
            ]
            for follower in self._followers(email).order_by("created_at")
        ]
        return PersonDataSection(
            title=_("Follows by email"),
            columns=[_("Email address"), _("Follows"), _("Asked at"), _("Confirmed at"), _("Last news sent")],
            rows=rows,
        )

    def erase(self, *, email: str, phone: str) -> int:
        followers = self._followers(email)
        mailer.forget(followers.values_list("pk", flat=True))
        deleted, per_model = followers.delete()
        return per_model.get(Follower._meta.label, 0)
