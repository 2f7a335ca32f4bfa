"""Two workers sweeping at the same moment on PostgreSQL send every reminder exactly once."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from estates import sweep as sweeping
from estates.models import SentReminder
from tests.builders import make_user
from tests.reminders.helpers import due_reminder, source

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent sweeps need PostgreSQL's row locking; SQLite serialises every writer anyway",
    ),
]

RECIPIENTS = 50
PER_RECIPIENT = 20


def test_two_sweeps_running_at_once_send_each_of_1000_reminders_exactly_once():
    users = [make_user(email=f"medlem{n}@example.org") for n in range(RECIPIENTS)]
    reminders = source(
        *[
            due_reminder(users[n % RECIPIENTS], subject_key=f"responsibility:{n}", subject=f"Frist for opgave {n}")
            for n in range(RECIPIENTS * PER_RECIPIENT)
        ]
    )
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait(timeout=30)
            results.append(sweeping.sweep(sources=[reminders], batch_size=50))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    assert sum(result.claimed for result in results) == 1000
    sent = Counter(message.subject for message in mail.outbox)
    assert len(sent) == 1000
    assert set(sent.values()) == {1}
    assert SentReminder.objects.filter(status="sent", attempts=1).count() == 1000
