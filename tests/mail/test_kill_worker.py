"""A worker killed with SIGKILL in the middle of a batch, on PostgreSQL: a second worker finishes the job,
every mail reaches the SMTP server, and no Message-ID is accepted twice, except at most the one mail the
killed worker had in flight (README, "Reminders and workers": the window between the server's 250 and
the database's commit).

The workers are separate processes running the real task function (`estates.tasks.send_mails`, see
worker.py); the SMTP server is aiosmtpd in this process, recording each Message-ID it accepts.
"""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from email import message_from_bytes
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings

from estates import outbox
from estates.models import MailCategory, SentReminder
from tests.builders import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the kill test runs on PostgreSQL (CI's second database)"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
MAILS = 300
RECIPIENTS = 30
LEASE_SECONDS = 2
KILL_AFTER = 100  # accepted mails


class Sink:
    """An SMTP server that accepts everything, a little slowly (as a provider does), and keeps the
    Message-ID of each mail it accepted."""

    def __init__(self):
        self.accepted: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.004)
        message_id = message_from_bytes(envelope.content)["Message-ID"]
        with self.lock:
            self.accepted.append(message_id)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"])
    return f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def start_worker(args: list[str], *, port: int, log, stdin=None) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.qcluster_test",
        "DATABASE_URL": database_url(),
        "SMTP_PORT": str(port),
        "MAIL_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("worker.py")), *args],
        cwd=ROOT,
        env=env,
        stdin=stdin,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def claim_mails() -> list[list[int]]:
    """300 new-item mails claimed through the outbox; the batches it would queue, kept for the worker."""
    users = [make_user(email=f"medlem{n}@example.org") for n in range(RECIPIENTS)]
    batches: list[list[int]] = []
    mails = [
        outbox.Mail(
            kind="tests.new_item",
            subject_key=f"responsibility:{n}",
            due_on=date(2026, 12, 1),
            recipient_id=users[n % RECIPIENTS].pk,
            subject=f"Ny opgave {n}",
            body_template="{{ n }}",
            context={"n": n},
            category=MailCategory.NEW_ITEMS,
        )
        for n in range(MAILS)
    ]
    with override_settings(BOLIGSOCIAL_MAIL_LEASE_SECONDS=LEASE_SECONDS):
        assert outbox.claim(mails, enqueue=batches.append) == (MAILS, 0)
    return batches


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_its_one_mail_in_flight(tmp_path):
    batches = claim_mails()
    batches_file = tmp_path / "batches.json"
    batches_file.write_text(json.dumps(batches))
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    log_path = tmp_path / "workers.log"
    started = time.monotonic()
    first = second = None
    try:
        with log_path.open("w") as log:
            # The second worker starts now and waits, like a worker already running beside the first.
            second = start_worker(["recover", "25"], port=port, log=log, stdin=subprocess.PIPE)
            first = start_worker(["send", str(batches_file)], port=port, log=log)
            while len(sink.accepted) < KILL_AFTER and first.poll() is None and time.monotonic() - started < 90:
                time.sleep(0.005)
            assert first.poll() is None, f"the worker ended before the kill:\n{log_path.read_text()[-2000:]}"
            killed_at = time.monotonic() - started
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
            accepted_at_kill = len(sink.accepted)
            in_flight = set(
                SentReminder.objects.exclude(status=SentReminder.Status.SENT)
                .filter(locked_until__isnull=False)
                .values_list("message_id", flat=True)
            )
            sent_at_kill = SentReminder.objects.filter(status=SentReminder.Status.SENT).count()

            second.communicate(b"go\n", timeout=35)
            assert second.returncode == 0, log_path.read_text()[-3000:]
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                worker.kill()
                worker.wait(timeout=10)
        controller.stop()

    assert KILL_AFTER <= accepted_at_kill < MAILS, "the kill came mid-batch"
    assert sent_at_kill < MAILS
    assert len(in_flight) <= 1  # one worker process sends one mail at a time
    rows = dict(SentReminder.objects.values_list("message_id", "status"))
    assert set(rows.values()) == {SentReminder.Status.SENT}
    counts = Counter(sink.accepted)
    assert set(counts) == set(rows)  # every key delivered, under the Message-ID of its key
    repeated = {message_id for message_id, count in counts.items() if count > 1}
    assert repeated <= in_flight, f"repeated {repeated}, but only {in_flight} was in flight at the kill"
    assert max(counts.values()) <= 2
    print(f"killed after {killed_at:.1f} s at {accepted_at_kill} accepted; {time.monotonic() - started:.1f} s in all")
