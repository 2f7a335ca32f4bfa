"""A mail worker in its own process, for tests/mail/test_kill_worker.py: the real task function
(`estates.tasks.send_mails`) against the test's database and a local SMTP sink.

    python tests/mail/worker.py send <file with a JSON list of id batches>
    python tests/mail/worker.py recover <seconds>   # what the sweep does for notifications: retry_events

`recover` starts (Django set up, like a worker already running beside the first) and waits for a line on
its standard input before it looks for work.

Environment: DATABASE_URL, SMTP_PORT, MAIL_LEASE_SECONDS (DJANGO_SETTINGS_MODULE=config.settings.qcluster_test).
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
settings.EMAIL_HOST = "127.0.0.1"
settings.EMAIL_PORT = int(os.environ["SMTP_PORT"])
settings.EMAIL_USE_TLS = False
settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
settings.BOLIGSOCIAL_MAIL_LEASE_SECONDS = float(os.environ["MAIL_LEASE_SECONDS"])

from estates import outbox, tasks  # noqa: E402
from estates.models import SentReminder  # noqa: E402


def send(batches_file: str) -> None:
    for batch in json.loads(Path(batches_file).read_text()):
        print(tasks.send_mails(batch), flush=True)


def recover(seconds: float) -> None:
    """Every half second, as the scheduled sweep does every five minutes, until nothing is left unsent."""
    sys.stdin.readline()
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        handed = outbox.retry_events(enqueue=tasks.send_mails)
        print(f"handed over again: {handed}", flush=True)
        if not SentReminder.objects.exclude(status=SentReminder.Status.SENT).exists():
            return
        time.sleep(0.5)
    sys.exit("gave up: mails left unsent")


if __name__ == "__main__":
    command, argument = sys.argv[1:3]
    send(argument) if command == "send" else recover(float(argument))
