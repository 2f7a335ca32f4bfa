"""Every setting the plugin reads, with its default: the one place plugin code asks for configuration.

Optional settings fall back to the documented default below; required ones (the site's base URL, the
mediation key) are named by `manage.py check` when missing (see estates/checks.py). Values are read at
call time, so `override_settings` works in tests.
"""

from django.conf import settings

DEFAULTS = {
    # The template every public plugin page extends (through boligsocial/layout.html). Wagtail's project
    # template calls it base.html and gives it the blocks `title`, `extra_css`, `content` and `extra_js`.
    "BOLIGSOCIAL_BASE_TEMPLATE": "base.html",
    # Wagtail's own limit on uploaded images, in bytes (Wagtail's default is 10 MB).
    "WAGTAILIMAGES_MAX_UPLOAD_SIZE": 10 * 1024 * 1024,
    # Photos (media): the largest image, in pixels, Wagtail and the plugin's photo upload accept; read from
    # the file's header before it is decoded, so a small "decompression bomb" never reaches memory.
    "WAGTAILIMAGES_MAX_IMAGE_PIXELS": 40_000_000,
    # Where photos of findings and updates are kept (never under MEDIA_ROOT); empty: "private_media"
    # beside MEDIA_ROOT. A STORAGES alias "boligsocial_photos", if the host defines one, wins.
    "BOLIGSOCIAL_PRIVATE_MEDIA_ROOT": "",
    # The largest request body, in bytes, refused with 413 before it is read (estates.middleware_limits).
    "BOLIGSOCIAL_MAX_REQUEST_SIZE": 12 * 1024 * 1024,
    # The public map's tiles (walk-public): a Leaflet URL template, and the attribution its licence asks for (HTML).
    "BOLIGSOCIAL_MAP_TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "BOLIGSOCIAL_MAP_ATTRIBUTION": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    # Wagtail's name of the site: the sender's name at the foot of every reminder email.
    "WAGTAIL_SITE_NAME": "Boligsocialt team",
    # How long a worker holds a mail it is sending (estates/outbox.py); must exceed django-q2's timeout.
    "BOLIGSOCIAL_MAIL_LEASE_SECONDS": 600,
    # How long the admin's sidebar (Wagtail's main menu) is kept per user and language in the default cache
    # (estates/admin_shell.py); a change to what a menu shows (groups, permissions, memberships) replaces it at
    # once in a cache every web process shares. 0 switches it off.
    "BOLIGSOCIAL_ADMIN_MENU_CACHE_SECONDS": 300,
}
# Required (no default; `manage.py check` names them when missing, see estates/checks.py):
# WAGTAILADMIN_BASE_URL (read by base_url() below), MEDIATION_ENCRYPTION_KEY (mediation/conf.py), Q_CLUSTER.
# Settings of one app only live in that app's conf.py (community/conf.py, mediation/conf.py).


def setting(name: str):
    """The host's value of a plugin setting, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])


def base_url() -> str:
    """The site's public address (Wagtail's WAGTAILADMIN_BASE_URL), without a trailing slash: the front of
    every absolute link in emails, feeds and the API."""
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
