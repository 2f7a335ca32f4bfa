"""Staff's weekly "no news" digest reads a count and its first rows: the same queries at 10 or 60 quiet findings, and
still the quietest first (findings never updated and findings whose last update is old, mixed); and a follow-up
whose mediator no mail can reach costs the sweep no read of the case."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from estates import roles
from estates import sweep as sweeping
from mediation import reminders as mediation_reminders
from safety_walks import reminders as walk_reminders
from safety_walks.models import Finding, FindingCategory, FindingUpdate
from tests.builders import make_user
from tests.mediation.builders import make_agreement, make_case
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db

MONDAY = "2026-12-07"
QUIET_SINCE = timezone.make_aware(datetime(2026, 12, 7)) - walk_reminders.NO_NEWS_FOR


@pytest.fixture(autouse=True)
def autumn_2026():
    with freeze_time("2026-10-20 12:00:00+02:00"):
        yield


@pytest.fixture
def owner(db):
    return make_user(roles.STAFF, first_name="Sara", email="sara@boligsocial.example")


@pytest.fixture
def walk(owner):
    return make_walk(owner=owner, title="Søndergården", walk_date="2026-06-01 17:00:00+02:00")


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=12)


def quiet_findings(walk, count: int, *, first_day=date(2026, 6, 2), prefix="Stille"):
    """`count` findings nobody has updated, made one a day from `first_day`."""
    findings = Finding.objects.bulk_create(
        Finding(walk=walk, title=f"{prefix} {n:03d}", category=FindingCategory.objects.first()) for n in range(count)
    )
    for n, finding in enumerate(findings):
        Finding.objects.filter(pk=finding.pk).update(created_at=at(first_day + timedelta(days=n)))
    return findings


def update(finding, day: date, author):
    """An update in the evening of `day` (the findings were made at noon)."""
    FindingUpdate.objects.create(
        finding=finding, author=author, public_note="Vi kigger på det", created_at=at(day) + timedelta(hours=6)
    )


def queries_of_no_news_digests() -> int:
    with freeze_time(f"{MONDAY} 07:00:00+01:00"), CaptureQueriesContext(connection) as captured:
        found = list(walk_reminders.no_news_digests(timezone.localdate()))
    assert found
    return len(captured)


def staff_digest(owner):
    before = len(mail.outbox)
    with freeze_time(f"{MONDAY} 07:00:00+01:00"):
        sweeping.sweep(sources=[walk_reminders.due_reminders])
    (digest,) = [m for m in mail.outbox[before:] if m.to == [owner.email] and "uden nyt" in m.subject]
    return digest


def test_the_no_news_digest_costs_the_same_queries_with_10_or_60_quiet_findings(walk, owner):
    findings = quiet_findings(walk, 10)
    update(findings[0], date(2026, 7, 1), owner)
    small = queries_of_no_news_digests()

    more = quiet_findings(walk, 50, prefix="Mere")
    update(more[0], date(2026, 6, 5), owner)
    assert queries_of_no_news_digests() == small <= 5


def test_the_digest_lists_the_quietest_first_whether_updated_or_not(walk, owner):
    never_updated = quiet_findings(walk, 60)  # made 2 June .. 31 July, no update
    updated = quiet_findings(walk, 4, first_day=date(2026, 5, 1), prefix="Opdateret")
    update(updated[0], date(2026, 6, 10), owner)  # last news 10 June: between "Stille 008" and "Stille 009"
    update(updated[1], date(2026, 5, 20), owner)
    update(updated[1], date(2026, 6, 2), owner)  # its newest counts: 2 June, after "Stille 000"
    update(updated[2], date(2026, 11, 1), owner)  # news since 8 October: not quiet
    young = quiet_findings(walk, 2, first_day=date(2026, 11, 1), prefix="Ny")  # made since: not quiet
    update(young[0], date(2026, 6, 3), owner)  # an update dated before its finding was made: quiet, news 3 June
    Finding.objects.filter(pk=never_updated[5].pk).update(status="resolved")  # closed: not listed

    digest = staff_digest(owner)

    listed = [line[2:].split(" (")[0] for line in digest.body.splitlines() if line.startswith("- ")]
    # As the database says when it sorts every quiet finding by its last news.
    expected = [
        finding.title
        for finding in Finding.objects.quiet_since(QUIET_SINCE)
        .with_last_news()
        .order_by("last_news", "pk")[: walk_reminders.DIGEST_ITEMS_SHOWN]
    ]
    assert listed == expected
    assert listed[:6] == ["Opdateret 003", "Stille 000", "Opdateret 001", "Stille 001", "Ny 000", "Stille 002"]
    assert listed.index("Opdateret 000") == listed.index("Stille 008") + 1
    assert "Opdateret 002" not in listed and "Ny 001" not in listed and "Stille 005" not in listed
    # 59 open never-updated, "Opdateret" 0, 1 and 3, "Ny 000".
    assert digest.subject == "63 forhold uden nyt i 60 dage"
    assert "... og 13 mere." in digest.body


@freeze_time("2026-03-10 08:00")
def test_a_follow_up_for_a_mediator_no_mail_reaches_reads_no_case_on_each_sweep():
    mediator = make_user(roles.STAFF, roles.MEDIATORS, username="uden-adresse", email="")
    make_agreement(case=make_case(mediators=[mediator]), follow_up_on=date(2026, 3, 12))

    with CaptureQueriesContext(connection) as queries:
        assert list(mediation_reminders.due_reminders(date(2026, 3, 10))) == []
    # The agreements' bare keys, the outbox's rows for them, and whether a mail reaches the mediator: no case,
    # mediator or permission is read.
    assert len(queries) == 3
    assert not [q for q in queries if 'mediation_case"."reference' in q["sql"]]
