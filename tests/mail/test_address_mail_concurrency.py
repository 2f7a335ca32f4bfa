"""Two claimers and two workers at the same moment on PostgreSQL: each mail to an address goes exactly once."""

import threading
from collections import Counter
from datetime import date

import pytest
from django.core import mail
from django.db import connection, connections

from estates import outbox
from estates.models import AddressMail

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent claims need PostgreSQL's row locking; SQLite serialises every writer anyway",
    ),
]

MAILS = 300


def test_two_claimers_and_two_workers_send_each_of_300_mails_to_addresses_exactly_once():
    mails = [
        outbox.AddressedMail(
            kind="tests.receipt",
            subject_key=f"thing:{n}",
            due_on=date(2026, 12, 1),
            address=f"beboer{n}@example.dk",
            subject=f"Kvittering {n}",
            body="Tak.",
        )
        for n in range(MAILS)
    ]
    start = threading.Barrier(2)
    won, handed, errors = [], [], []

    def claimer():
        try:
            start.wait(timeout=30)
            ids = outbox.claim_for_addresses(mails, enqueue=handed.append)
            won.append(ids)
            start.wait(timeout=30)
            # Both workers then try every claimed row: the lease lets one of them send it.
            outbox.deliver_many(sorted(AddressMail.objects.values_list("pk", flat=True)), deliver_one=deliver)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    def deliver(pk, *, connection=None):
        return outbox.deliver_to_address(pk, connection=connection)

    threads = [threading.Thread(target=claimer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    assert sum(len(ids) for ids in won) == MAILS
    assert sorted(pk for batch in handed for pk in batch) == sorted(pk for ids in won for pk in ids)
    sent = Counter(message.to[0] for message in mail.outbox)
    assert len(sent) == MAILS and set(sent.values()) == {1}
    assert AddressMail.objects.filter(status="sent", attempts=1).count() == MAILS
