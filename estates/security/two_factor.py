"""A second factor for the people who read mediation cases: mediators and mediation leads (django-otp, TOTP).

After the password, a mediator's session is not yet "verified": every admin address answers with a redirect
to enrol a phone (the first time: a QR code) or to type the code from it, so the mediation screens never
open to a password alone. Partners and other staff log in with their password alone. A session is verified
by `django_otp.login` in the two views of `estates.security.views`; django-otp keeps that in the session, so
logging out (which ends the session) ends it too. BOLIGSOCIAL_TWO_FACTOR_REQUIRED = False switches it off.
"""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django_otp.middleware import OTPMiddleware

from estates.access import roles_of
from estates.admin_paths import is_admin_request

VERIFY = "boligsocial_two_factor_verify"
ENROL = "boligsocial_two_factor_enrol"
# What an unverified mediator may still open: the two-factor screens, logging in and out, the password reset,
# and the admin's own scripts and icons those screens load.
OPEN_BEFORE_SECOND_FACTOR = (
    VERIFY,
    ENROL,
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
)


def two_factor_required() -> bool:
    return getattr(settings, "BOLIGSOCIAL_TWO_FACTOR_REQUIRED", True)


def requires_second_factor(user) -> bool:
    """Whether this user must pass a second factor before the admin lets them in: the mediation roles."""
    return two_factor_required() and user.is_authenticated and roles_of(user).is_mediator


def passed_second_factor(user) -> bool:
    """Whether this session's login passed the second factor (django-otp's `is_verified`)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def has_device(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def verified_or_anonymous(user):
    """The user, unless their login still owes the second factor: then an anonymous visitor."""
    if requires_second_factor(user) and not passed_second_factor(user):
        return AnonymousUser()
    return user


class MediationTwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (request.user.is_verified()), and the redirect of unverified mediation roles."""

    async_capable = False

    def __call__(self, request):
        self._install_lazy_accessors(request)
        if not is_admin_request(request):
            # Outside the admin (photos, feeds, pages) a login still owing its second factor is anonymous.
            signed_in = request.user
            request.user = SimpleLazyObject(lambda: verified_or_anonymous(signed_in))
            return self.get_response(request)
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request):
        """For an admin request: the redirect to the second factor the user still owes, or None."""
        user = request.user
        if not requires_second_factor(user) or passed_second_factor(user):
            return None
        try:
            url_name = resolve(request.path_info).url_name or ""
        except Resolver404:
            return None
        if url_name.startswith(OPEN_BEFORE_SECOND_FACTOR):
            return None
        target = reverse(VERIFY if has_device(user) else ENROL)
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
