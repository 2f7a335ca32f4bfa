"""Settings shared by every environment of the estate website; the rest come from the environment."""

import os
from pathlib import Path

from django.conf.locale import LANG_INFO

from config import env

CONFIG_DIR = Path(__file__).resolve().parent.parent
SITE_DIR = CONFIG_DIR.parent
BASE_DIR = SITE_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env.as_list(os.environ.get("ALLOWED_HOSTS"), default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.as_list(os.environ.get("CSRF_TRUSTED_ORIGINS"), default=[])

INSTALLED_APPS = [
    # The host site
    "home",
    # The wagtail-boligsocial plugin
    "estates",
    "safety_walks",
    "community",
    "mediation",
    # Content in several languages (issue #17): wagtail-localize's editor, PO export/import and locale sync
    "wagtail_localize",
    "wagtail_localize.locales",
    # Wagtail
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_q",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, keeping an admin 404 a 404 and a POST a POST under per-language addresses
    "estates.locale_middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "estates.middleware.PartnerAdminScopeMiddleware",
    # Logins (workstream: login): a second factor for mediation roles; logout only by POST; reset limits.
    "estates.security.two_factor.MediationTwoFactorMiddleware",
    "estates.security.middleware.LoginGuardMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.database(os.environ, default_sqlite=BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logins (workstream: login): partners log in twice a year, so guessing passwords must be slow and sessions short.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "estates/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind PROXY_COUNT reverse proxies (1 for one nginx that sets X-Forwarded-For), the client's address is the
# right-most one the nearest proxy added (django-ipware counts the proxies listed in X-Forwarded-For, so one
# fewer); without a proxy X-Forwarded-For is ignored, since anyone could write it.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT") or "0")
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Password-reset mails per hour: per account (the address typed) and per client address.
BOLIGSOCIAL_PASSWORD_RESETS_PER_ACCOUNT = 3
BOLIGSOCIAL_PASSWORD_RESETS_PER_ADDRESS = 10
# Mediators and mediation leads log in with a second factor (TOTP on their phone, django-otp); others do not.
BOLIGSOCIAL_TWO_FACTOR_REQUIRED = True
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "Boligsocialt team")  # the name the authenticator app shows
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60  # an invitation link stays valid for three days

# Danish first; every resident in their language. Each language is named in its own tongue. An installation
# chooses its languages with SITE_LANGUAGES (codes, comma-separated); the demo serves these six.
LANGUAGE_CODE = "da"
_LANGUAGE_NAMES = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "so": "Soomaali",
    "tr": "Türkçe",
    "uk": "Українська",
    "fa": "فارسی",
    "ur": "اردو",
    "pl": "Polski",
}
LANGUAGES = [
    (code, _LANGUAGE_NAMES[code])
    for code in env.as_list(os.environ.get("SITE_LANGUAGES"), default=["da", "en", "ar", "so", "tr", "uk"])
]
# Django knows no Somali; without this entry its language tags and the switch would fail on "so".
LANG_INFO.setdefault("so", {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"})
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Pages are translated with wagtail-localize: Danish is the source, untranslated pages show the Danish one.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Staff, partners and mediators work in Danish (English for those who ask in their account settings).
# The login's password field with a Danish label (Wagtail's own form leaves it to Django: "Password").
WAGTAILADMIN_USER_LOGIN_FORM = "estates.security.login_form.LoginForm"
WAGTAILADMIN_PERMITTED_LANGUAGES = [(code, name) for code, name in LANGUAGES if code in ("da", "en")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "collected-static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

globals().update(env.email(os.environ))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Boligsocialt team <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Boligsocialt team")
# The public address, the front of every link in emails, feeds and the API (BASE_URL is the older name).
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL") or os.environ.get("BASE_URL") or "http://127.0.0.1:8000"
).rstrip("/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# Wagtail runs its own background work through django-tasks; do it in-process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

Q_CLUSTER = env.q_cluster(os.environ)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "boligsocial": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Mediation (confidential cases) -----------------------------------------------------------------
# Narrative fields of mediation cases (descriptions, notes, agreements, parties' contact details) are
# encrypted at rest with this Fernet key. The fallback key is for laptops and tests only: production.py
# refuses to start without MEDIATION_ENCRYPTION_KEY. Losing the key means losing the case narratives.
MEDIATION_DEV_ENCRYPTION_KEY = "06H8jIacFYfJ9DVhBVQIOGYYbnABOnPk30s5GOghNBA="
MEDIATION_ENCRYPTION_KEY = os.environ.get("MEDIATION_ENCRYPTION_KEY") or MEDIATION_DEV_ENCRYPTION_KEY
# A closed case is anonymised (parties and narrative removed, statistics kept) this many months after closing.
MEDIATION_RETENTION_MONTHS = int(os.environ.get("MEDIATION_RETENTION_MONTHS") or "24")
# Mediation key care (workstream: medsec): after a key change, the previous keys (comma-separated) stay readable
# until `manage.py rotate_mediation_key` has re-encrypted everything with MEDIATION_ENCRYPTION_KEY.
MEDIATION_OLD_ENCRYPTION_KEYS = os.environ.get("MEDIATION_OLD_ENCRYPTION_KEYS", "")

# --- Media (workstream: media): private photos, no metadata, no bombs, no huge bodies -------------------
# A body over the limit is refused (413) from its Content-Length before anything is read or written.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "estates.middleware_limits.RequestSizeLimitMiddleware",
)
# Read from an image's header before decoding: an 11,000 x 11,000 PNG of 15 KB is refused.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# A photo (10 MB) plus the rest of its form; Wagtail documents are limited by the same figure.
BOLIGSOCIAL_MAX_REQUEST_SIZE = int(
    os.environ.get("BOLIGSOCIAL_MAX_REQUEST_SIZE") or WAGTAILIMAGES_MAX_UPLOAD_SIZE + 2 * 1024 * 1024
)
# Photos of findings and updates: outside MEDIA_ROOT, served only by the plugin's permission-checked view.
BOLIGSOCIAL_PRIVATE_MEDIA_ROOT = Path(os.environ.get("BOLIGSOCIAL_PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

# --- Hardening (workstream: harden): odd input answers 400, a Content-Security-Policy on every response ----
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

# A NUL byte in an address, query, cookie or form answers 400 before any view (PostgreSQL text cannot hold
# one); the policy header is added to every response (relaxed under /admin/ as Wagtail needs: estates/csp.py).
# Both right after the request-size limit (which reads nothing), the policy first so the guard's 400 carries it.
_AFTER_SIZE_LIMIT = MIDDLEWARE.index("estates.middleware_limits.RequestSizeLimitMiddleware") + 1
MIDDLEWARE[_AFTER_SIZE_LIMIT:_AFTER_SIZE_LIMIT] = [
    "estates.csp.CSPMiddleware",
    "estates.guards.RejectNulBytesMiddleware",
]
# The map's tile server (estates/conf.py's default is OpenStreetMap's); its origin is allowed in img-src.
BOLIGSOCIAL_MAP_TILE_URL = os.environ.get("BOLIGSOCIAL_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_TILES = urlsplit(BOLIGSOCIAL_MAP_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", f"{_TILES.scheme}://{_TILES.netloc}"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Wagtail's database search backend, Danish (PostgreSQL's `danish` configuration; on SQLite a Snowball stemmer),
# compound words found by their last part, query strings cleaned first (a `"` is FTS syntax): estates/search.py.
# After changing it, run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "estates.search", "SEARCH_CONFIG": "danish"}}
# Wagtail's admin shows Gravatar pictures and asks releases.wagtail.org for news by default: both reach third
# parties (a hash of each user's email; the policy's connect-src 'self' would refuse the second anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- cache (workstream: cache): anonymous pages from a cache, purged when what they show changes ----------
import hashlib  # noqa: E402
import tempfile  # noqa: E402

# Wagtail's frontend cache purges published pages from WAGTAILFRONTENDCACHE's backends: the embedded page cache
# (estates.frontend_cache.DjangoCacheBackend) and, with FRONTEND_CACHE_PURGE_URL, a Varnish or other HTTP proxy.
INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.contrib.routable_page"), "wagtail.contrib.frontend_cache")
WAGTAILFRONTENDCACHE = {"boligsocial": {"BACKEND": "estates.frontend_cache.DjangoCacheBackend"}}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
# After LocaleMiddleware (the key has the language), before CSRF, authentication and messages.
MIDDLEWARE.insert(
    MIDDLEWARE.index("estates.locale_middleware.LocaleMiddleware") + 1,
    "estates.cache_middleware.AnonymousPageCacheMiddleware",
)
# How long an anonymous page stays cached (purges normally come first); 0 switches the page cache off (the test
# settings do: each test has its own database under the same addresses).
BOLIGSOCIAL_PAGE_CACHE_SECONDS = int(os.environ.get("BOLIGSOCIAL_PAGE_CACHE_SECONDS") or 600)
# The pages live in a cache every process of the site shares (web workers and the django-q2 cluster, whose
# purges must reach them all): files in the temporary folder, or Redis in production when REDIS_URL is set.
BOLIGSOCIAL_PAGE_CACHE_ALIAS = "boligsocial_pages"
# Answers drawn from the whole site, kept until the next purge of anything: the plugin's Atom feeds (its default)
# and this site's search.
BOLIGSOCIAL_PAGE_CACHE_SITE_WIDE_VIEWS = [
    "boligsocial:following:walk_feed",
    "boligsocial:following:area_feed",
    "search",
]
CACHES["boligsocial_pages"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("PAGE_CACHE_DIR")
    or str(Path(tempfile.gettempdir()) / f"boligsocial-pages-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]}"),
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
