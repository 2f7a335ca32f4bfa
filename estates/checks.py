"""System checks: `manage.py check` names what a host site is missing before a worker fails.

Each hint is in the active language (Danish on a Danish site) followed by the English original.
The README's "Install the plugin into an existing Wagtail site" shows the settings each check asks for.
"""

from urllib.parse import urlsplit

from axes.helpers import IPWARE_INSTALLED
from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from estates.api import registered_routers
from estates.conf import base_url
from estates.csp import map_tile_origin
from estates.photo_storage import STORAGE_ALIAS, is_inside_media_root, private_media_root

TAG = "boligsocial"
REQUIRED_APPS = (
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "rest_framework",
    "django_q",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
)
PARTNER_SCOPE_MIDDLEWARE = "estates.middleware.PartnerAdminScopeMiddleware"
AXES_MIDDLEWARE = "axes.middleware.AxesMiddleware"
AXES_BACKEND_PREFIX = "axes.backends."
TWO_FACTOR_MIDDLEWARE = "estates.security.two_factor.MediationTwoFactorMiddleware"
LOGIN_GUARD_MIDDLEWARE = "estates.security.middleware.LoginGuardMiddleware"


def installed_apps() -> list[str]:
    return list(settings.INSTALLED_APPS)


def bilingual(msgid: str, **params) -> str:
    """The hint in the active language, then in English when that differs."""
    translated = _(msgid) % params if params else _(msgid)
    english = msgid % params if params else msgid
    return translated if translated == english else f"{translated} / {english}"


def error(message: str, hint: str, number: int, **params) -> Error:
    return Error(bilingual(message, **params), hint=bilingual(hint, **params), id=f"{TAG}.E{number:03d}")


@register(TAG)
def check_base_url(app_configs, **kwargs):
    if not base_url():
        return [
            error(
                gettext_noop("WAGTAILADMIN_BASE_URL is not set: links in emails and feeds would have no address."),
                gettext_noop(
                    "Set WAGTAILADMIN_BASE_URL to the site's public address, e.g. "
                    "WAGTAILADMIN_BASE_URL = “https://tryghed.example”."
                ),
                1,
            )
        ]
    parts = urlsplit(base_url())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [
            error(
                gettext_noop("WAGTAILADMIN_BASE_URL is not an absolute address: “%(value)s”."),
                gettext_noop("Give the whole address with http:// or https://, e.g. “https://tryghed.example”."),
                2,
                value=base_url(),
            )
        ]
    return []


@register(TAG)
def check_encryption_key(app_configs, **kwargs):
    if apps.is_installed("mediation") and not getattr(settings, "MEDIATION_ENCRYPTION_KEY", ""):
        return [
            error(
                gettext_noop("MEDIATION_ENCRYPTION_KEY is not set: mediation cases cannot be saved or read."),
                gettext_noop(
                    "Generate a key with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())', set MEDIATION_ENCRYPTION_KEY to it and back it up."
                ),
                3,
            )
        ]
    return []


@register(TAG)
def check_installed_apps(app_configs, **kwargs):
    return [
        error(
            gettext_noop("“%(app)s” is missing from INSTALLED_APPS."),
            gettext_noop("Add “%(app)s” to INSTALLED_APPS, before Wagtail's own apps."),
            4,
            app=app,
        )
        for app in REQUIRED_APPS
        if app not in installed_apps()
    ]


@register(TAG)
def check_task_queue(app_configs, **kwargs):
    if not getattr(settings, "Q_CLUSTER", None):
        return [
            error(
                gettext_noop("Q_CLUSTER is not set: reminders and notifications would never be sent."),
                gettext_noop(
                    "Set Q_CLUSTER, e.g. {“name”: “boligsocial”, “orm”: “default”} to queue tasks in the database, "
                    "and run manage.py qcluster beside the web server."
                ),
                5,
            )
        ]
    return []


@register(TAG)
def check_logins(app_configs, **kwargs):
    errors = []
    backends = getattr(settings, "AUTHENTICATION_BACKENDS", [])
    if not any(backend.startswith(AXES_BACKEND_PREFIX) for backend in backends):
        errors.append(
            error(
                gettext_noop("django-axes' backend is missing from AUTHENTICATION_BACKENDS: passwords can be guessed."),
                gettext_noop("Put “axes.backends.AxesStandaloneBackend” first in AUTHENTICATION_BACKENDS."),
                6,
            )
        )
    if AXES_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            error(
                gettext_noop("“%(middleware)s” is missing from MIDDLEWARE."),
                gettext_noop("Add “%(middleware)s” last in MIDDLEWARE."),
                7,
                middleware=AXES_MIDDLEWARE,
            )
        )
    if PARTNER_SCOPE_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            error(
                gettext_noop(
                    "“%(middleware)s” is missing from MIDDLEWARE: partners could open admin screens not meant for them."
                ),
                gettext_noop("Add “%(middleware)s” to MIDDLEWARE after the authentication middleware."),
                8,
                middleware=PARTNER_SCOPE_MIDDLEWARE,
            )
        )
    return errors


@register(TAG)
def check_login_safety(app_configs, **kwargs):
    """Logins that cannot be turned against users (README, Security → Logins)."""
    errors = []
    if not IPWARE_INSTALLED:
        errors.append(
            error(
                gettext_noop(
                    "django-ipware is not installed: behind a proxy every client has the proxy's address, "
                    "and one person can lock everyone out."
                ),
                gettext_noop(
                    "Install django-ipware (pip install django-ipware) and set AXES_IPWARE_* for your proxy "
                    "as the README shows."
                ),
                10,
            )
        )
    if TWO_FACTOR_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            error(
                gettext_noop(
                    "“%(middleware)s” is missing from MIDDLEWARE: mediators could open mediation cases with a "
                    "password alone."
                ),
                gettext_noop("Add “%(middleware)s” to MIDDLEWARE after the authentication middleware."),
                11,
                middleware=TWO_FACTOR_MIDDLEWARE,
            )
        )
    if LOGIN_GUARD_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            error(
                gettext_noop(
                    "“%(middleware)s” is missing from MIDDLEWARE: GET on the logout address would end a login "
                    "half-way, and password resets would not be limited."
                ),
                gettext_noop("Add “%(middleware)s” to MIDDLEWARE after the authentication middleware."),
                12,
                middleware=LOGIN_GUARD_MIDDLEWARE,
            )
        )
    return errors


def api_is_mounted() -> bool:
    """Some router got the plugin's endpoints (estates.api.register_endpoints) and is in the URLconf."""
    get_resolver().url_patterns  # noqa: B018  (imports the URLconf, which is where routers get registered)
    for router in registered_routers():
        try:
            reverse(f"{router.url_namespace}:images:listing")
        except NoReverseMatch:
            continue
        return True
    return False


@register(TAG)
def check_api(app_configs, **kwargs):
    try:
        mounted = api_is_mounted()
    except Exception:  # noqa: BLE001  a broken URLconf is reported by Django's own check (urls.E…)
        return []
    if not mounted:
        return [
            error(
                gettext_noop("The plugin's API endpoints are not registered in the URLconf."),
                gettext_noop(
                    "In urls.py: call estates.api.register_endpoints(api_router) on your WagtailAPIRouter and "
                    "include api_router.urls, e.g. path(“api/v2/”, api_router.urls), before Wagtail's page URLs."
                ),
                9,
            )
        ]
    return []


REQUEST_SIZE_MIDDLEWARE = "estates.middleware_limits.RequestSizeLimitMiddleware"


@register(TAG)
def check_media(app_configs, **kwargs):
    """Photos and uploads (README, Security → Photos and media)."""
    errors = []
    if REQUEST_SIZE_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            error(
                gettext_noop(
                    "“%(middleware)s” is missing from MIDDLEWARE: a huge upload would be written to disk before "
                    "it is refused."
                ),
                gettext_noop("Add “%(middleware)s” to MIDDLEWARE right after SecurityMiddleware."),
                13,
                middleware=REQUEST_SIZE_MIDDLEWARE,
            )
        )
    if STORAGE_ALIAS not in getattr(settings, "STORAGES", {}) and is_inside_media_root(private_media_root()):
        errors.append(
            error(
                gettext_noop(
                    "BOLIGSOCIAL_PRIVATE_MEDIA_ROOT (“%(path)s”) lies inside MEDIA_ROOT: photos of internal "
                    "findings would be served to anyone."
                ),
                gettext_noop("Give BOLIGSOCIAL_PRIVATE_MEDIA_ROOT a folder outside MEDIA_ROOT."),
                14,
                path=str(private_media_root()),
            )
        )
    return errors


@register(TAG)
def check_plugin_urls(app_configs, **kwargs):
    """Every reminder carries a one-click unsubscribe link under boligsocial/ (README, Reminders and workers)."""
    try:
        reverse("boligsocial:unsubscribe", args=["x"])
    except NoReverseMatch:
        return [
            error(
                gettext_noop(
                    "The plugin's addresses (estates.urls) are not in the URLconf: reminders could not carry "
                    "their unsubscribe link and would not be sent."
                ),
                gettext_noop('In urls.py: path("boligsocial/", include("estates.urls")), as in the README.'),
                15,
            )
        ]
    except Exception:  # noqa: BLE001  a broken URLconf is reported by Django's own check (urls.E…)
        return []
    return []


NUL_GUARD_MIDDLEWARE = "estates.guards.RejectNulBytesMiddleware"
CSP_MIDDLEWARE = "estates.csp.CSPMiddleware"


@register(TAG)
def check_hardening(app_configs, **kwargs):
    """Odd input and the Content-Security-Policy (README, Security → Tested against attack)."""
    errors = []
    if NUL_GUARD_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            error(
                gettext_noop(
                    "“%(middleware)s” is missing from MIDDLEWARE: a NUL byte in an address or a form would be a "
                    "server error on PostgreSQL."
                ),
                gettext_noop("Add “%(middleware)s” to MIDDLEWARE, near the top (see the README's snippet)."),
                16,
                middleware=NUL_GUARD_MIDDLEWARE,
            )
        )
    if CSP_MIDDLEWARE in settings.MIDDLEWARE:
        sources = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES", {})
        images = sources.get("img-src", sources.get("default-src", []))
        if map_tile_origin() not in images and "*" not in images and "https:" not in images:
            errors.append(
                error(
                    gettext_noop(
                        "The Content-Security-Policy's img-src does not allow %(origin)s: the walk page's map "
                        "would show no tiles."
                    ),
                    gettext_noop(
                        "Add “%(origin)s” (the origin of BOLIGSOCIAL_MAP_TILE_URL) to CONTENT_SECURITY_POLICY's "
                        "img-src."
                    ),
                    17,
                    origin=map_tile_origin(),
                )
            )
    return errors
