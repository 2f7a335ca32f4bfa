"""Reminders at scale: the sweep over 1,000 and over 10,000 due responsibilities, and the reminders log.

The sweep is timed as a worker runs it on the default (ORM) broker: derive what is due, claim every
reminder under its unique key, and enqueue one send task each. Sending is the workers' job and not
part of it. Each timed sweep runs in a transaction that is rolled back, so every run finds the same
reminders due, and nothing leaves the benchmark database.

Deadlines are laid out so that the day chosen decides the scale: 1,000 responsibilities are due in 7
days on DAY_OF_1000; a day later those and 9,000 more (deadline one day further) are due.

A sweep with little due, whatever the backlog: the weekly digests over 1,000 quiet findings (ten days from
now only the 1,000 findings made a year ago have had no news for 60 days) and over 11,000 (half a year from
now all of them have, and each of the 20 partners has overdue items): the first sweep of the week builds the
digests; every later sweep that week (one every five minutes) finds them sent.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from estates import outbox, roles, sweep
from estates.models import Membership, Organisation, SentReminder
from estates.task_queue import TaskBatch
from home.models import HomePage

ORGANISATIONS = 20
FIRST = 1_000
ALL = 10_000
QUIET_OLD = 1_000
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
    # Findings nobody has touched for a year, without responsibilities: the no-news digest's backlog.
    old = Finding.objects.bulk_create(
        Finding(walk=walk, title=f"Gammelt forhold {n}", category=category) for n in range(QUIET_OLD)
    )
    Finding.objects.filter(pk__in=[f.pk for f in old]).update(created_at=timezone.now() - timedelta(days=365))
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


def _orm_broker():
    """The production broker write, always on the ORM broker here: rolled back with the sweep's transaction,
    so no task escapes to a Redis queue that a running cluster might read."""
    from django_q.brokers.orm import ORM

    return ORM(list_key="boligsocial-bench")


def _tasks(broker):
    """The sweep's one broker write; never sync here (the test settings run tasks inline), so that sending,
    the workers' job, is not timed."""
    return TaskBatch(outbox.SEND_TASK, group="mail", broker=broker, sync=False)


def _sweep_on(day: date, expected: int):
    from safety_walks.reminders import DEADLINE_IN_7_DAYS, due_reminders

    broker = _orm_broker()

    def work():
        with transaction.atomic():
            # As the scheduled sweep: the send tasks of the whole sweep go to the broker in one write.
            result = sweep.sweep(today=day, sources=[due_reminders], tasks=_tasks(broker))
            deadlines = SentReminder.objects.filter(kind=DEADLINE_IN_7_DAYS, due_on__gte=day).count()
            transaction.set_rollback(True)
        # (The staff's no-news digest over the year-old findings is claimed too.)
        if deadlines != expected:
            raise AssertionError(f"expected {expected} deadline reminders claimed, the sweep claimed {deadlines}")
        return result

    return work


def _digest_kinds() -> list[str]:
    from safety_walks.reminders import PARTNER_OVERDUE_DIGEST, STAFF_NO_NEWS_DIGEST

    return [PARTNER_OVERDUE_DIGEST, STAFF_NO_NEWS_DIGEST]


def _first_sweep_of_the_week(day: date):
    """Every app's reminders (as the schedule runs them), digests built; rolled back, so each run builds them."""
    broker = _orm_broker()

    def work():
        with transaction.atomic():
            result = sweep.sweep(today=day, tasks=_tasks(broker))
            transaction.set_rollback(True)
        if not result.claimed:
            raise AssertionError("the first sweep of the week claimed no digest")
        return result

    return work


def _later_sweep_that_week(day: date):
    """Every app's reminders after this week's digests went out: one sweep is kept (its mails marked sent, as
    a worker would), then every timed sweep finds nothing new to claim."""
    broker = _orm_broker()
    primed = []

    def work():
        if not primed:
            primed.append(sweep.sweep(today=day, tasks=_tasks(broker)))
            SentReminder.objects.filter(kind__in=_digest_kinds(), due_on__gte=day - timedelta(days=7)).update(
                status=SentReminder.Status.SENT, sent_at=timezone.now()
            )
        with transaction.atomic():
            result = sweep.sweep(today=day, tasks=_tasks(broker))
            transaction.set_rollback(True)
        if result.claimed:
            raise AssertionError(f"a later sweep that week claimed {result.claimed} mail(s)")
        return result

    return work


def _quiet_findings(day: date) -> int:
    from safety_walks.models import Finding
    from safety_walks.reminders import NO_NEWS_FOR

    return Finding.objects.quiet_since(timezone.make_aware(datetime.combine(day, time.min)) - NO_NEWS_FOR).count()


def targets() -> list[tuple[str, str, str | None]]:
    return [(f"Reminders log ({LOGGED:,} entries), staff", "/admin/reminders/", STAFF_USERNAME)]


# Issue #18: 10,000 due reminders in under 2 s, and a sweep with little due (every five minutes) in under
# 100 ms, whatever the backlog.
MANY_DUE_MS = 2_000
LITTLE_DUE_MS = 100


def extras():
    day = _day_of_1000()
    little_due = {"max_ms": LITTLE_DUE_MS}
    rows = [
        (f"Sweep: {FIRST:,} due responsibilities", _sweep_on(day, FIRST)),
        (f"Sweep: {ALL:,} due responsibilities", _sweep_on(day + timedelta(days=1), ALL), {"max_ms": MANY_DUE_MS}),
    ]
    # Mondays, so that the digests' week starts that day.
    for offset in (10, 200):
        monday = timezone.localdate() + timedelta(days=offset)
        monday -= timedelta(days=monday.weekday())
        quiet = _quiet_findings(monday)
        rows += [
            (
                f"Sweep, first of the week: digests over {quiet:,} quiet findings",
                _first_sweep_of_the_week(monday),
                little_due,
            ),
            (
                f"Sweep, later that week: digests sent, {quiet:,} quiet findings",
                _later_sweep_that_week(monday),
                little_due,
            ),
        ]
    return rows
