"""Staff's findings list, overdue (#18): the rows are the findings named by the overdue responsibilities, read along
the index of open responsibilities, in the list's order; the same rows as `Finding.objects.overdue()`, and the same
number of queries however many rows there are. The sidebar offers the organisations by name, as str() shows them."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safety_walks.models import Finding, FindingCategory, Responsibility
from safety_walks.statuses import Priority
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db

OVERDUE = reverse("safety_walks_finding_modeladmin_index") + "?overdue=yes"


def add_findings(walk, organisations, count):
    """`count` findings on `walk` of mixed priorities, with a responsibility for each organisation whose status
    and deadline (past, today, none) make some of them overdue."""
    today = timezone.localdate()
    statuses = itertools.cycle([RS.PLACED, RS.RESOLVED, RS.IN_PROGRESS, RS.CANNOT_BE_RESOLVED, RS.PLACED])
    # Four deadlines against five statuses: every pairing occurs.
    deadlines = itertools.cycle([today - timedelta(days=3), today, None, today - timedelta(days=40)])
    category = FindingCategory.objects.first()
    findings = Finding.objects.bulk_create(
        Finding(walk=walk, title=f"Fund {walk.pk}-{n}", category=category, priority=list(Priority)[n % 3])
        for n in range(count)
    )
    Responsibility.objects.bulk_create(
        Responsibility(finding=finding, organisation=organisation, status=next(statuses), deadline=next(deadlines))
        for finding in findings
        for organisation in organisations
    )


def overdue_page(client):
    """The pks of the rows the overdue list shows, its count, and its number of queries."""
    client.get(OVERDUE)  # caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(OVERDUE)
    assert response.status_code == 200
    rows = [obj.pk for obj in response.context["object_list"]]
    return rows, response.context["result_count"], len(captured)


def test_the_overdue_list_shows_the_overdue_findings_in_order_in_the_same_number_of_queries(client, staff_user):
    walk_date = timezone.now() - timedelta(days=90)
    police, council = make_organisation(name="Politiet"), make_organisation(name="Kommunen")
    first, second = make_walk(walk_date=walk_date), make_walk(walk_date=walk_date)
    add_findings(first, [police, council], 6)
    client.force_login(staff_user)
    few_rows, few_count, few_queries = overdue_page(client)

    add_findings(second, [council, police], 60)
    add_findings(first, [police], 30)
    rows, count, queries = overdue_page(client)

    overdue = Finding.objects.overdue(on=timezone.localdate()).order_by("walk", "priority", "pk")
    assert few_rows and few_count == len(few_rows) < count
    assert rows == list(overdue.values_list("pk", flat=True)[:50])
    assert count == overdue.count()
    assert queries == few_queries


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_overdue_rows_are_found_along_the_open_responsibilities_not_finding_by_finding(client, staff_user):
    walk = make_walk(walk_date=timezone.now() - timedelta(days=90))
    add_findings(walk, [make_organisation(name="Politiet")], 10)
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as captured:
        client.get(OVERDUE)
    rows = next(q["sql"] for q in captured if q["sql"].startswith('SELECT "safety_walks_finding"."id"'))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {rows}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "sw_resp_open_findings" in plan
    assert "SCAN safety_walks_finding" not in plan


def test_the_sidebar_offers_the_organisations_with_findings_by_their_names(client, staff_user):
    walk = make_walk(walk_date=timezone.now() - timedelta(days=90))
    named = [make_organisation(name="Politiet & Co <Øst>"), make_organisation(name="Boligselskabet")]
    make_organisation(name="Uden fund")
    add_findings(walk, named, 2)
    client.force_login(staff_user)
    response = client.get(OVERDUE)
    spec = next(s for s in response.context["view"].filter_specs if s.field_path == "responsibilities__organisation")
    assert spec.lookup_choices == [(o.pk, str(o)) for o in sorted(named, key=str)]
    assert "Politiet &amp; Co &lt;Øst&gt;" in response.content.decode()
