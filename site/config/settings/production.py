"""Settings for a public deployment: secrets from the environment, HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

# Mediation: case narratives are encrypted with a key of their own, never the laptop default.
if os.environ.get("MEDIATION_ENCRYPTION_KEY", "") in ("", MEDIATION_DEV_ENCRYPTION_KEY):  # noqa: F405
    raise ImproperlyConfigured(
        "MEDIATION_ENCRYPTION_KEY must be set in the environment (a Fernet key: "
        "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.as_bool(os.environ.get("SECURE_SSL_REDIRECT"), default=True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # The page cache (estates/page_cache.py) in the same Redis: every web worker sees every purge.
    CACHES["boligsocial_pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}

# Persistent database connections (cache, #18): a new PostgreSQL connection per request cost 20-77% of the
# requests per second under load. Kept for DATABASE_CONN_MAX_AGE seconds (default 600), checked before reuse so a
# restarted database costs one failed check, not a failed request. Keep it below the server's idle timeout,
# and workers x threads within max_connections.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE") or "600")  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
