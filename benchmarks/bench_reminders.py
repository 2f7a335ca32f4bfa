"""Reminders at scale: the sweep over 1,000 and over 10,000 due responsibilities, and the reminders log.

The sweep is timed as a worker runs it on the default (ORM) broker: derive what is due, claim every
reminder under its unique key, and enqueue one send task each. Sending is the workers' job and not
part of it. Each timed sweep runs in a transaction that is rolled back, so every run finds the same
reminders due, and nothing leaves the benchmark database.

Deadlines are laid out so that the day chosen decides the scale: 1,000 responsibilities are due in 7
days on DAY_OF_1000; a day later those and 9,000 more (deadline one day further) are due.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from estates import outbox, roles, sweep
from estates.models import Membership, Organisation, SentReminder
from home.models import HomePage

ORGANISATIONS = 20
FIRST = 1_000
ALL = 10_000
LOGGED = 10_000
STAFF_USERNAME = "reminders-staff"


def _day_of_1000() -> date:
    return timezone.localdate() + timedelta(days=30)


def seed() -> None:
    from safety_walks.models import Finding, FindingCategory, Responsibility, WalkIndexPage, WalkPage

    home = HomePage.objects.get()
    index = home.add_child(instance=WalkIndexPage(title="Vandringer med påmindelser", slug="paamindelser-vandringer"))
    walk = index.add_child(
        instance=WalkPage(
            title="Vandring med påmindelser",
            slug="vandring-med-paamindelser",
            walk_date=timezone.now() - timedelta(days=10),
        )
    )
    category = FindingCategory.objects.first() or FindingCategory.objects.create(name="Belysning")
    users = get_user_model().objects
    staff = users.create_user(STAFF_USERNAME, email="reminders-staff@bench.example", password="x")
    staff.groups.set(Group.objects.filter(name=roles.STAFF))
    organisations = []
    for n in range(ORGANISATIONS):
        organisation = Organisation.objects.create(name=f"Påmindelsespartner {n}", kind=Organisation.Kind.MUNICIPALITY)
        member = users.create_user(f"reminders-partner-{n}", email=f"reminders-partner-{n}@bench.example")
        Membership.objects.create(organisation=organisation, user=member)
        organisations.append(organisation)

    findings = Finding.objects.bulk_create(
        Finding(walk=walk, title=f"Forhold {n}", category=category, status="responsibility_placed") for n in range(ALL)
    )
    first_deadline = _day_of_1000() + sweep_notice()
    Responsibility.objects.bulk_create(
        Responsibility(
            finding=finding,
            organisation=organisations[n % ORGANISATIONS],
            task="Skift pæren og klip buskene",
            deadline=first_deadline if n < FIRST else first_deadline + timedelta(days=1),
            sort_order=0,
        )
        for n, finding in enumerate(findings)
    )
    # A year of history in the log, for the log screen (dated well before anything the sweep looks at).
    members = list(Membership.objects.values_list("user_id", flat=True))
    long_ago = timezone.now() - timedelta(days=365)
    SentReminder.objects.bulk_create(
        SentReminder(
            kind="safety_walks.responsibility_due_in_7_days",
            subject_key=f"responsibility:{n}",
            due_on=long_ago.date() + timedelta(days=n % 300),
            recipient_id=members[n % len(members)],
            status=SentReminder.Status.SENT,
            attempts=1,
            subject=f"Fristen nærmer sig: Forhold {n}",
            body_template="estates/emails/safety_walks/responsibility_due_in_7_days.txt",
            claimed_at=long_ago,
            sent_at=long_ago,
        )
        for n in range(LOGGED)
    )


def sweep_notice() -> timedelta:
    from safety_walks.reminders import DEADLINE_NOTICE

    return DEADLINE_NOTICE


def _enqueue_on_the_orm_broker():
    """The production enqueue, always on the ORM broker here: rolled back with the sweep's transaction,
    so no task escapes to a Redis queue that a running cluster might read."""
    from django_q.brokers.orm import ORM
    from django_q.tasks import async_task

    broker = ORM(list_key="boligsocial-bench")

    def enqueue(ids: list[int]) -> None:
        # As estates.outbox.enqueue_sends: one task per batch of claimed mails.
        async_task(outbox.SEND_TASK, ids, group="mail", save=False, sync=False, broker=broker)

    return enqueue


def _sweep_on(day: date, expected: int):
    from safety_walks.reminders import due_reminders

    enqueue = _enqueue_on_the_orm_broker()

    def work():
        with transaction.atomic():
            result = sweep.sweep(today=day, sources=[due_reminders], enqueue=enqueue)
            transaction.set_rollback(True)
        if result.claimed != expected:
            raise AssertionError(f"expected {expected} reminders claimed, the sweep claimed {result.claimed}")
        return result

    return work


def targets() -> list[tuple[str, str, str | None]]:
    return [(f"Reminders log ({LOGGED:,} entries), staff", "/admin/reminders/", STAFF_USERNAME)]


def extras():
    day = _day_of_1000()
    return [
        (f"Sweep: {FIRST:,} due responsibilities", _sweep_on(day, FIRST)),
        (f"Sweep: {ALL:,} due responsibilities", _sweep_on(day + timedelta(days=1), ALL)),
    ]
