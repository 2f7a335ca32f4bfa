"""Keep partners inside the few admin screens they need: the one place partner admin access is decided.

Wagtail's own screens (reports, site history, choosers, the admin API) answer any admin user and
filter by model permissions, which are not row-level: a partner with `view_finding` would see every
finding's history there. A partner is therefore refused every admin URL except Wagtail's account screens
and the screens apps register with the `boligsocial_partner_admin` hook: a function returning
`PartnerScreens` (the URL patterns of the app's partner views, a ModelAdmin and the actions of it partners
use, the menu items they see). The URL names are derived from those registrations, never listed by hand;
each registered view still asks its app's policy about the rows.

A partner is never shown a bare English error: a refused admin address answers 403 with a Danish page,
and a row that is missing or not theirs answers 404 with one and the same Danish page (a partner cannot
tell another organisation's finding from one that does not exist); both lead back to where partners start
(the `start_url_name` an app registers, "Mine opgaver").
"""

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, Resolver404, URLPattern, resolve, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.localization import get_localized_response

from estates.access import roles_of
from estates.admin_paths import is_admin_request

HOOK_NAME = "boligsocial_partner_admin"
# Wagtail's page search and page explorer: where the dashboard's search box sends everyone.
PAGE_SEARCHES = ("wagtailadmin_explore_root", "wagtailadmin_explore", "wagtailadmin_pages:search")
# Wagtail's own screens every admin user needs (name prefixes: the account and password screens have several).
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


@dataclass(frozen=True)
class PartnerScreens:
    """What an app lets partners open in the admin."""

    urls: Sequence[URLPattern] = ()  # the app's own admin views for partners (also given to register_admin_urls)
    modeladmin: object | None = None  # a registered wagtail-modeladmin ModelAdmin instance
    modeladmin_actions: Sequence[str] = ()  # its actions partners use: "index", "inspect", "history", ...
    menu_items: Sequence[str] = ()  # names of the admin menu items partners see
    start_url_name: str = ""  # where a partner starts and is led back to from a refusal ("My items")
    search_url_name: str = ""  # where the dashboard's search box takes a partner (a list with ?q=)

    def url_names(self) -> list[str]:
        names = [pattern.name for pattern in self.urls]
        if self.modeladmin is not None:
            names += [self.modeladmin.url_helper.get_action_url_name(action) for action in self.modeladmin_actions]
        return names


def registered_screens() -> list[PartnerScreens]:
    return [fn() for fn in hooks.get_hooks(HOOK_NAME)]


def partner_url_names() -> frozenset[str]:
    """Every admin URL name a partner may open, besides Wagtail's account screens."""
    return frozenset(name for screens in registered_screens() for name in screens.url_names())


def partner_menu_items() -> frozenset[str]:
    return frozenset(name for screens in registered_screens() for name in screens.menu_items)


def partner_may_open(url_name: str) -> bool:
    return url_name in partner_url_names() or url_name.startswith(ALWAYS_ALLOWED)


def partner_start_url() -> str:
    """Where a partner starts: the first start screen an app registers, else the admin's home."""
    for screens in registered_screens():
        if screens.start_url_name:
            try:
                return reverse(screens.start_url_name)
            except NoReverseMatch:
                continue
    return reverse("wagtailadmin_home")


def partner_search_url() -> str | None:
    """Where a partner's search goes: the first search screen an app registers."""
    for screens in registered_screens():
        if screens.search_url_name:
            try:
                return reverse(screens.search_url_name)
            except NoReverseMatch:
                continue
    return None


def partner_refusal(request, *, status: int):
    """The Danish page a partner gets instead of a 403 or 404, in the admin's look and the user's language."""

    def view(request):
        if status == 404:
            title = _("We cannot find that")
            message = _("It may have been removed, or it is not one of your organisation's items.")
        else:
            title = _("This page is not part of your work here")
            message = _("As a partner you see your organisation's items and add updates to them.")
        context = {"page_title": title, "message": message, "start_url": partner_start_url()}
        return render(request, "estates/admin/partner_refusal.html", context, status=status)

    return get_localized_response(view, request)


class PartnerAdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_request(request) and roles_of(request.user).is_partner:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            url_name = (match and match.url_name) or ""
            # The dashboard's search box searches pages, which a partner may not open: search their items.
            searching_pages = match and match.view_name in PAGE_SEARCHES and request.GET.get("q")
            if searching_pages and (search_url := partner_search_url()):
                return redirect(f"{search_url}?{urlencode({'q': request.GET['q']})}")
            if not partner_may_open(url_name):
                return partner_refusal(request, status=403)
            response = self.get_response(request)
            # Wagtail answers a missing row with its own 404 page (which points to "Wagtail admin"); a
            # partner gets one Danish page, the same whether the row is missing or another organisation's.
            if response.status_code == 404:
                return partner_refusal(request, status=404)
            return response
        return self.get_response(request)
