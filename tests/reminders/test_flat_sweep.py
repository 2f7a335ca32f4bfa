"""The sweep stays cheap as the data grows: digests read a count and their first rows, are not built again once
sent, cost the same queries at any backlog, and one sweep's send tasks reach the broker in one write."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.brokers.orm import ORM
from django_q.models import OrmQ
from django_q.signing import SignedPackage
from freezegun import freeze_time

from estates import outbox, roles
from estates import sweep as sweeping
from estates.models import Membership, SentReminder
from estates.task_queue import TaskBatch
from safety_walks import reminders as walk_reminders
from safety_walks.models import Finding, FindingCategory, Responsibility
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db

MONDAY = "2026-12-07"


@pytest.fixture(autouse=True)
def autumn_2026():
    with freeze_time("2026-10-20 12:00:00+02:00"):
        yield


@pytest.fixture
def owner(db):
    return make_user(roles.STAFF, first_name="Sara", email="sara@boligsocial.example")


@pytest.fixture
def walk(owner):
    return make_walk(owner=owner, title="Søndergården", walk_date="2026-10-01 17:00:00+02:00")


@pytest.fixture
def police(db):
    return make_organisation(name="Lokalpolitiet")


@pytest.fixture
def officer(police):
    return make_user(roles.PARTNERS, organisation=police, first_name="Peter", email="peter@politi.example")


def overdue_items(walk, organisation, count: int, *, first_deadline=date(2026, 11, 1), prefix="Forhold"):
    """`count` quiet findings (made in September), each with an overdue responsibility of `organisation`."""
    with freeze_time("2026-09-01 12:00:00+02:00"):
        findings = Finding.objects.bulk_create(
            Finding(walk=walk, title=f"{prefix} {n:03d}", category=category(), status="responsibility_placed")
            for n in range(count)
        )
    Responsibility.objects.bulk_create(
        Responsibility(finding=f, organisation=organisation, deadline=first_deadline + timedelta(days=n), sort_order=0)
        for n, f in enumerate(findings)
    )


def category():
    return FindingCategory.objects.first()


def sweep_on(day: str, **kwargs):
    before = len(mail.outbox)
    with freeze_time(f"{day} 07:00:00+01:00"):
        result = sweeping.sweep(sources=[walk_reminders.due_reminders], **kwargs)
    return result, mail.outbox[before:]


def queries_of_due_reminders(day: str) -> int:
    with freeze_time(f"{day} 07:00:00+01:00"), CaptureQueriesContext(connection) as captured:
        list(walk_reminders.due_reminders(timezone.localdate()))
    return len(captured)


def test_the_reminders_cost_the_same_queries_with_5_or_120_overdue_items(walk, police, officer):
    other = make_organisation(name="Driften")
    make_user(roles.PARTNERS, organisation=other, email="drift@example.org")
    # Every kind is due at both sizes: deadlines a week ahead, just passed, long passed; quiet findings.
    overdue_items(walk, police, 3, first_deadline=date(2026, 12, 5))
    overdue_items(walk, other, 2, prefix="Drift", first_deadline=date(2026, 11, 1))
    small = queries_of_due_reminders(MONDAY)

    overdue_items(walk, police, 70, prefix="Mere")
    overdue_items(walk, other, 45, prefix="Drift mere")
    assert queries_of_due_reminders(MONDAY) == small <= 14


def test_a_long_digest_counts_every_item_and_lists_the_earliest_fifty(walk, police, officer):
    municipality = make_organisation(name="Kommunen")
    Membership.objects.create(organisation=municipality, user=officer)
    overdue_items(walk, police, 60, first_deadline=date(2026, 10, 2), prefix="Politi")
    overdue_items(walk, municipality, 40, first_deadline=date(2026, 10, 1), prefix="Kommune")

    _, emails = sweep_on(MONDAY)
    (digest,) = [m for m in emails if m.to == [officer.email] and "overskredne" in m.subject]
    assert digest.subject == "100 overskredne opgaver fra tryghedsvandringerne"
    listed = [line for line in digest.body.splitlines() if line.startswith("- ")]
    assert len(listed) == walk_reminders.DIGEST_ITEMS_SHOWN
    # Deadlines interleave the two organisations: 1 Oct Kommune 000, 2 Oct Kommune 001 and Politi 000, ...
    assert listed[0].startswith("- Kommune 000")
    assert any(line.startswith("- Politi 024") for line in listed)
    assert not any(line.startswith("- Politi 025") or line.startswith("- Kommune 025") for line in listed)
    assert "... og 50 mere." in digest.body


def test_a_sent_digest_is_not_built_again_that_week(walk, police, officer, owner):
    overdue_items(walk, police, 30)
    first = queries_of_due_reminders(MONDAY)
    _, emails = sweep_on(MONDAY)
    assert {tuple(m.to) for m in emails} >= {(officer.email,), (owner.email,)}

    with freeze_time(f"{MONDAY} 07:05:00+01:00"), CaptureQueriesContext(connection) as captured:
        found = list(walk_reminders.due_reminders(timezone.localdate()))
    assert not [
        r for r in found if r.kind in (walk_reminders.PARTNER_OVERDUE_DIGEST, walk_reminders.STAFF_NO_NEWS_DIGEST)
    ]
    # Neither the findings nor the overdue rows are read again: only who the recipients are, and their log.
    assert len(captured) < first
    assert not [q for q in captured if "safety_walks_finding" in q["sql"] and "LIMIT" in q["sql"]]


def test_a_digest_whose_send_failed_is_built_again_and_retried(walk, police, officer):
    overdue_items(walk, police, 3)
    with freeze_time(f"{MONDAY} 07:00:00+01:00"):
        mails = [r for r in walk_reminders.due_reminders(date(2026, 12, 7)) if r.recipient_id == officer.pk]
        outbox.claim(mails, enqueue=lambda ids: None)
    SentReminder.objects.filter(recipient=officer).update(
        status=SentReminder.Status.FAILED, next_attempt_at=timezone.now() - timedelta(days=60)
    )

    _, emails = sweep_on(MONDAY)
    assert [m.subject for m in emails if "overskredne" in m.subject] == [
        "3 overskredne opgaver fra tryghedsvandringerne"
    ]


class TestSendTasksInOneWrite:
    """Not sync: the tasks go to a real ORM broker queue (rolled back with the test), as a cluster reads them."""

    @pytest.fixture
    def broker(self, settings):
        return ORM(list_key="flat-sweep-test")

    @pytest.fixture(autouse=True)
    def not_sync(self, monkeypatch):
        from django_q.conf import Conf

        monkeypatch.setattr(Conf, "SYNC", False)

    def test_a_sweep_of_45_reminders_queues_3_send_tasks_with_one_insert(self, walk, police, broker):
        members = [make_user(roles.PARTNERS, organisation=police) for _ in range(3)]
        findings = Finding.objects.bulk_create(
            Finding(walk=walk, title=f"Lampe {n}", category=category()) for n in range(15)
        )
        Responsibility.objects.bulk_create(
            Responsibility(finding=f, organisation=police, deadline=date(2026, 12, 10), sort_order=0) for f in findings
        )
        with CaptureQueriesContext(connection) as captured:
            result, emails = sweep_on("2026-12-05", broker=broker)

        assert result.claimed == 45 and result.not_enqueued == 0 and emails == []
        inserts = [q for q in captured if q["sql"].startswith("INSERT") and "django_q_ormq" in q["sql"]]
        assert len(inserts) == 1
        tasks = [SignedPackage.loads(row.payload) for row in OrmQ.objects.filter(key="flat-sweep-test")]
        assert len(tasks) == 3
        assert {t["func"] for t in tasks} == {outbox.SEND_TASK}
        ids = sorted(pk for t in tasks for pk in t["args"][0])
        assert ids == sorted(SentReminder.objects.filter(recipient__in=members).values_list("pk", flat=True))
        # The worker's own function sends them, each once.
        for task in tasks:
            outbox.deliver_many(task["args"][0])
        assert len(mail.outbox) == 45
        assert sorted(tuple(m.to) for m in mail.outbox) == sorted((u.email,) for u in members for _ in range(15))

    def test_a_broker_that_fails_leaves_the_mails_claimed_for_a_later_sweep(self, walk, police, officer, broker):
        def down(*args, **kwargs):
            raise ConnectionError("broker down")

        broker.get_connection = down
        make_responsibility_due(walk, police)
        result, _ = sweep_on("2026-12-05", broker=broker)
        # The reminder, and the new-item notification the sweep tried to hand over again.
        assert result.claimed == 1 and result.not_enqueued == 1 + result.events_retried
        row = SentReminder.objects.get(recipient=officer, kind=walk_reminders.DEADLINE_IN_7_DAYS)
        assert row.status == SentReminder.Status.CLAIMED

    def test_an_empty_batch_writes_nothing(self, broker):
        batch = TaskBatch(outbox.SEND_TASK, group="mail", broker=broker)
        with CaptureQueriesContext(connection) as captured:
            assert batch.flush() == 0
        assert len(captured) == 0


def make_responsibility_due(walk, organisation):
    finding = Finding.objects.create(walk=walk, title="Lampen ved nr. 14", category=category())
    return Responsibility.objects.create(finding=finding, organisation=organisation, deadline=date(2026, 12, 10))


def test_a_sweep_handed_a_batch_that_is_not_sync_queues_its_sends_even_in_sync_settings(walk, police, officer):
    make_responsibility_due(walk, police)
    broker = ORM(list_key="flat-handed-batch")
    tasks = TaskBatch(outbox.SEND_TASK, group="mail", broker=broker, sync=False)

    result, emails = sweep_on("2026-12-05", tasks=tasks)
    assert result.claimed == 1 and emails == []
    (row,) = OrmQ.objects.filter(key="flat-handed-batch")
    assert SignedPackage.loads(row.payload)["args"][0] == [
        SentReminder.objects.get(kind=walk_reminders.DEADLINE_IN_7_DAYS).pk
    ]
