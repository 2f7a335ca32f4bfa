"""Settings for a real `qcluster` that the reminder tests start in a subprocess.

Like the test settings, but django-q2 really runs (not sync) with the broker the environment chooses
(ORM, or Redis with REDIS_URL), against the database the test prepared (DATABASE_URL), and emails
are written as files to EMAIL_FILE_PATH so the test can read what was sent.
"""

import os

from config import env

from .test import *  # noqa: F403

Q_CLUSTER = {
    **env.q_cluster(os.environ),
    # A name of its own keeps this cluster's Redis queue apart from any other cluster on the server.
    "name": os.environ.get("Q_TEST_CLUSTER_NAME", "boligsocial-qcluster-test"),
    "workers": 1,
    "sync": False,
    # The scheduler runs once its guard loop has counted 30 seconds; one 30-second cycle makes that the
    # first pass instead of half a minute after start. Stopping still happens at once.
    "guard_cycle": float(os.environ.get("Q_TEST_GUARD_CYCLE", "30")),
}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / ".test-mail"))  # noqa: F405
