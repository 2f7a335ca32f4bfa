"""A real django-q2 cluster, in its own process, runs the scheduled sweep and sends a due reminder.

The cluster uses `config.settings.qcluster_test`: not sync, the broker the environment chooses (the
database, or Redis), the test's own database, and emails written as files we can read.
"""

import io
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_q.models import Schedule

from estates import roles
from estates.models import MailCategory, SentReminder
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_responsibility, make_walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
WAIT_FOR_SEND = 120  # seconds


def database_url() -> str:
    """The URL of the database this test runs against, for the cluster's process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    credentials = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"])
    return f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def redis_url_or_skip() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis broker is tested where it is configured")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"REDIS_URL is set but Redis does not answer ({type(error).__name__})")
    return url


def start_cluster(*, broker: str, mail_dir: Path, log_file) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.qcluster_test",
        "DATABASE_URL": database_url(),
        "EMAIL_FILE_PATH": str(mail_dir),
        "Q_TEST_CLUSTER_NAME": f"reminders-test-{uuid.uuid4().hex[:8]}",
    }
    if broker == "orm":
        env.pop("REDIS_URL", None)
    else:
        env["REDIS_URL"] = redis_url_or_skip()
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_cluster(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.mark.parametrize("broker", ["orm", "redis"])
def test_a_real_qcluster_runs_the_scheduled_sweep_and_sends_the_due_reminder(broker, tmp_path):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("the cluster's process needs a file-based SQLite test database")
    if broker == "redis":
        redis_url_or_skip()
    # The cluster runs on the real clock, so the deadline is a week from the real today.
    police = make_organisation(name="Lokalpolitiet")
    officer = make_user(roles.PARTNERS, organisation=police, first_name="Peter", email="peter@politi.example")
    walk = make_walk(walk_date=(timezone.now() - timedelta(days=10)).isoformat())
    finding = make_finding(walk, title="Lampen ved nr. 14 er i stykker")
    make_responsibility(finding, police, deadline=timezone.localdate() + timedelta(days=7))
    # The new-item notification went out when the item was placed (in this process); the cluster sends the reminder.
    reminders = SentReminder.objects.filter(category=MailCategory.REMINDERS)
    call_command("setup_schedules", stdout=io.StringIO())
    assert Schedule.objects.filter(func="estates.tasks.sweep_reminders").count() == 1

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log_path = tmp_path / "qcluster.log"
    with log_path.open("w") as log_file:
        process = start_cluster(broker=broker, mail_dir=mail_dir, log_file=log_file)
        try:
            give_up = time.monotonic() + WAIT_FOR_SEND
            while time.monotonic() < give_up and process.poll() is None:
                if reminders.filter(status=SentReminder.Status.SENT).exists():
                    break
                time.sleep(0.5)
        finally:
            stop_cluster(process)

    log = log_path.read_text()
    row = reminders.filter(recipient=officer).first()
    assert row is not None, f"the scheduled sweep claimed nothing; qcluster said:\n{log[-3000:]}"
    assert row.status == SentReminder.Status.SENT, f"not sent ({row.status}); qcluster said:\n{log[-3000:]}"
    (sent_file,) = mail_dir.iterdir()
    sent = sent_file.read_text()
    assert "To: peter@politi.example" in sent
    assert f"http://127.0.0.1:8000/admin/safety-walks/finding/{finding.pk}/update/" in sent
    assert reminders.count() == 1
