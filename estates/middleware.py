"""Keep partners inside the few admin screens they need.

Wagtail's own screens (reports, site history, choosers, the admin API) answer any admin user and
filter by model permissions, which are not row-level: a partner with `view_finding` would see every
finding's history there. A partner is therefore refused every admin URL that an app has not listed
with the `boligsocial_partner_admin_urls` hook (a function returning URL names or name prefixes).
"""

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve, reverse
from wagtail import hooks

from estates.access import roles_of

HOOK_NAME = "boligsocial_partner_admin_urls"
ALWAYS_ALLOWED = (
    "wagtailadmin_home",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_account",
    "wagtailadmin_password_reset",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_dismissibles",
)


def partner_url_names() -> tuple[str, ...]:
    names = list(ALWAYS_ALLOWED)
    for fn in hooks.get_hooks(HOOK_NAME):
        names.extend(fn())
    return tuple(names)


class PartnerAdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if request.path_info.startswith(self.admin_prefix) and roles_of(request.user).is_partner:
            try:
                url_name = resolve(request.path_info).url_name or ""
            except Resolver404:
                url_name = ""
            if not url_name.startswith(partner_url_names()):
                raise PermissionDenied
        return self.get_response(request)
