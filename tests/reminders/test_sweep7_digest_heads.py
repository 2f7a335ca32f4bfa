"""The partners' weekly digest reads each organisation's count and first fifty along the index on (organisation,
deadline): the same items as sorting every overdue row (ties on the fiftieth's deadline cut by id, closed and not
yet overdue ones left out, organisations with fewer shown whole), in two queries at any backlog."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from estates import roles
from estates import sweep as sweeping
from estates.models import Membership
from safety_walks import reminders as walk_reminders
from safety_walks.models import Finding, FindingCategory, Responsibility
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)
SHOWN = walk_reminders.DIGEST_ITEMS_SHOWN


@pytest.fixture(autouse=True)
def autumn_2026():
    with freeze_time("2026-10-20 12:00:00+02:00"):
        yield


@pytest.fixture
def walk(db):
    owner = make_user(roles.STAFF, email="sara@boligsocial.example")
    return make_walk(owner=owner, title="Søndergården", walk_date="2026-10-01 17:00:00+02:00")


def items(walk, organisation, deadlines, *, prefix, statuses=(ResponsibilityStatus.PLACED,)):
    """One finding with one responsibility of `organisation` per deadline, made in this order (statuses taken in
    turn)."""
    findings = Finding.objects.bulk_create(
        Finding(walk=walk, title=f"{prefix} {n:03d}", category=FindingCategory.objects.first())
        for n in range(len(deadlines))
    )
    Responsibility.objects.bulk_create(
        Responsibility(
            finding=f, organisation=organisation, deadline=day, status=statuses[n % len(statuses)], sort_order=0
        )
        for n, (f, day) in enumerate(zip(findings, deadlines, strict=True))
    )


def every_row_sorted(overdue, organisation_ids):
    """What the digest must show: every overdue row sorted, each organisation's first fifty."""
    first = {}
    for row in (
        overdue.filter(organisation_id__in=organisation_ids).order_by("deadline", "pk").values("pk", "organisation_id")
    ):
        first.setdefault(row["organisation_id"], [])
        if len(first[row["organisation_id"]]) < SHOWN:
            first[row["organisation_id"]].append(row["pk"])
    return {org: len(pks) for org, pks in first.items()}, sorted(pk for pks in first.values() for pk in pks)


@pytest.fixture
def backlog(walk):
    """Four organisations: ties on the fiftieth's deadline, fewer than fifty, exactly fifty with later ones, none."""
    ties = make_organisation(name="Driften")
    few = make_organisation(name="Kommunen")
    fifty = make_organisation(name="Politiet")
    none = make_organisation(name="Skolen")
    # 30 early ones, then 40 on one day: the fiftieth falls among the 40, cut by id (not by status, which the index
    # holds before the id).
    items(walk, ties, [date(2026, 11, 1)] * 30, prefix="Tidlig")
    both = (ResponsibilityStatus.PLACED, ResponsibilityStatus.IN_PROGRESS)
    items(walk, ties, [date(2026, 11, 20)] * 40, prefix="Samme dag", statuses=both)
    items(walk, ties, [date(2026, 11, 2)] * 5, prefix="Løst", statuses=(ResponsibilityStatus.RESOLVED,))
    items(walk, ties, [MONDAY, date(2027, 1, 1)], prefix="Ikke overskredet")
    items(walk, few, [date(2026, 10, 1) + timedelta(days=n) for n in range(12)], prefix="Få")
    items(walk, fifty, [date(2026, 9, 1) + timedelta(days=n // 2) for n in range(SHOWN + 15)], prefix="Par")
    items(walk, none, [date(2027, 2, 1)], prefix="Fremtid")
    return [ties.pk, few.pk, fifty.pk, none.pk]


def test_each_organisations_count_and_first_fifty_are_those_of_sorting_every_overdue_row(backlog):
    overdue = Responsibility.objects.overdue(on=MONDAY)
    with CaptureQueriesContext(connection) as captured:
        counts, first = overdue.count_and_first_per_organisation(set(backlog), SHOWN)
        shown = sorted(first.values_list("pk", flat=True))
    expected_shown, expected = every_row_sorted(overdue, backlog)
    assert counts == {backlog[0]: 70, backlog[1]: 12, backlog[2]: SHOWN + 15}
    assert expected_shown == {backlog[0]: SHOWN, backlog[1]: 12, backlog[2]: SHOWN}
    assert shown == expected
    assert len(captured) == 2


def test_no_organisation_with_an_overdue_item_reads_no_rows(backlog):
    overdue = Responsibility.objects.overdue(on=MONDAY)
    with CaptureQueriesContext(connection) as captured:
        counts, first = overdue.count_and_first_per_organisation({backlog[3]}, SHOWN)
        assert counts == {}
        assert list(first) == []
    assert len(captured) == 1


def test_a_member_of_two_organisations_reads_the_earliest_fifty_of_both_and_ties_by_age(walk, backlog):
    officer = make_user(roles.PARTNERS, email="peter@politi.example")
    Membership.objects.create(organisation_id=backlog[0], user=officer)
    Membership.objects.create(organisation_id=backlog[1], user=officer)
    with freeze_time("2026-12-07 07:00:00+01:00"):
        sweeping.sweep(sources=[walk_reminders.due_reminders])
    (digest,) = [m for m in mail.outbox if m.to == [officer.email] and "overskredne" in m.subject]
    assert digest.subject == "82 overskredne opgaver fra tryghedsvandringerne"
    listed = [line.split(" (")[0] for line in digest.body.splitlines() if line.startswith("- ")]
    # Kommunen's twelve (October) first, then Driften's 30 early ones, then the first 8 made of the 40 on 20 Nov.
    assert listed == (
        [f"- Få {n:03d}" for n in range(12)]
        + [f"- Tidlig {n:03d}" for n in range(30)]
        + [f"- Samme dag {n:03d}" for n in range(8)]
    )
    assert "... og 32 mere." in digest.body
