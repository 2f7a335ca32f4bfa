"""Settings of `make load` (benchmarks/load.py): production's, with the benchmark's templates, static and media
folders in its own temporary folder. Never for a real deployment (the secrets come from load.py)."""

import os
from pathlib import Path

from config.settings.production import *  # noqa: F403

_WORKDIR = Path(os.environ["BOLIGSOCIAL_LOAD_DIR"])
TEMPLATES[0]["DIRS"] = [_WORKDIR / "templates", *TEMPLATES[0]["DIRS"]]  # noqa: F405
STATIC_ROOT = _WORKDIR / "static"
MEDIA_ROOT = _WORKDIR / "media"
BOLIGSOCIAL_PRIVATE_MEDIA_ROOT = _WORKDIR / "private_media"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
