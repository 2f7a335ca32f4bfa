"""Settings for the test suite: fast hashing, in-memory mail, tasks run in-process."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
BOLIGSOCIAL_DEMO_CONTENT = True
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Test clients log in without a request; tests of the lockout switch django-axes on themselves.
AXES_ENABLED = False
# Test clients log in without a second factor; tests of two-factor login switch it on themselves.
BOLIGSOCIAL_TWO_FACTOR_REQUIRED = False
# django-q2 reads its Conf at import time, so override_settings cannot switch this on.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "estates.search"}}  # Wagtail's database backend, cleaned queries

# A file-based test database lets `--reuse-db` skip the six-second build on reruns (SQLite only).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # TEST_DB_SUFFIX lets parallel runs in one checkout keep separate databases.
    _suffix = os.environ.get("TEST_DB_SUFFIX", "")
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db{_suffix}.sqlite3")}  # noqa: F405
# Media: photos of the tests beside their media, never in the working tree's private_media.
BOLIGSOCIAL_PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"  # noqa: F405
# Pages are not served from the page cache: a test's pages must not outlive its database. The page-cache tests
# switch it on themselves (tests/estates/test_frontend_cache.py).
BOLIGSOCIAL_PAGE_CACHE_SECONDS = 0
