"""The signed links a follower receives: confirm (valid for a few days) and unsubscribe (valid while the
follow exists). Each names the follower's row and its random token, so a link cannot be forged without
SECRET_KEY and stops working once the follow is removed or made anew."""

from django.core import signing

from safety_walks.following.conf import setting
from safety_walks.models.following import Follower

CONFIRM_SALT = "boligsocial.follow.confirm"
UNSUBSCRIBE_SALT = "boligsocial.follow.unsubscribe"


class BadLink(Exception):
    """Changed, cut short, expired, or the follow it names is gone."""


def confirm_token(follower: Follower) -> str:
    return signing.dumps([follower.pk, follower.token], salt=CONFIRM_SALT, compress=True)


def unsubscribe_token(follower: Follower) -> str:
    return signing.dumps([follower.pk, follower.token], salt=UNSUBSCRIBE_SALT, compress=True)


def follower_of_confirm_token(token: str) -> Follower:
    max_age = setting("BOLIGSOCIAL_FOLLOW_CONFIRM_DAYS") * 24 * 60 * 60
    return _follower(token, salt=CONFIRM_SALT, max_age=max_age)


def follower_of_unsubscribe_token(token: str) -> Follower:
    return _follower(token, salt=UNSUBSCRIBE_SALT, max_age=None)


def _follower(token: str, *, salt: str, max_age) -> Follower:
    try:
        pk, secret = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise BadLink() from error
    follower = Follower.objects.select_related("walk", "area").filter(pk=pk, token=secret).first()
    if follower is None:
        raise BadLink()
    return follower
