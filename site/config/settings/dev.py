"""Settings for a laptop: debug on, emails on the console, demo content allowed."""

import contextlib

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]
BOLIGSOCIAL_DEMO_CONTENT = True

# A git-ignored local.py overrides anything above on one developer's laptop.
with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
