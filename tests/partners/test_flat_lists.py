"""Lists that do not grow with the data: a partner's My items and staff's findings list cost the same queries
for a few rows or for many pages of them, count once, and group or de-duplicate nothing they do not need to."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estates import roles
from safety_walks.models import Finding, FindingCategory, Responsibility
from safety_walks.models.findings import ResponsibilityStatus as RS
from safety_walks.views.my_items import ITEMS_PER_PAGE
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

FINDINGS = "/admin/safety_walks/finding/"


@pytest.fixture
def police():
    return make_organisation(name="Politiet")


@pytest.fixture
def officer(police):
    return make_user(roles.PARTNERS, organisation=police, first_name="Per", email="per@politi.example")


def findings_for(organisation, count: int, *, walk=None, days=30):
    """`count` findings with a responsibility of `organisation` (bulk: a backlog, not a fixture per row)."""
    walk = walk or make_walk()
    category = FindingCategory.objects.first()
    findings = Finding.objects.bulk_create(
        Finding(walk=walk, title=f"Fund {n:04d}", category=category) for n in range(count)
    )
    Responsibility.objects.bulk_create(
        Responsibility(finding=f, organisation=organisation, deadline=walk.walk_date.date(), status=RS.PLACED)
        for f in findings
    )


def queries_of(client, url: str) -> tuple[int, list[str], str]:
    client.get(url)  # caches (site, permissions) warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured], response.content.decode()


def test_my_items_costs_the_same_queries_for_3_items_or_120(client, police, officer):
    walk = make_walk(title="Vandring i Nord")
    findings_for(police, 3, walk=walk)
    client.force_login(officer)
    few, _, html = queries_of(client, reverse("safety_walks_my_items"))
    assert html.count('<li class="my-item') == 3

    findings_for(police, 117, walk=make_walk(title="Vandring i Syd"))
    many, _, html = queries_of(client, reverse("safety_walks_my_items"))
    assert many == few
    # One page, and the way on to the next ones.
    assert html.count('<li class="my-item') == ITEMS_PER_PAGE
    assert "Side 1 af 5" in html
    assert "Din organisation har 120 åbne opgaver." in html


def test_my_items_last_page_shows_the_rest_for_the_same_queries(client, police, officer):
    findings_for(police, 60)
    client.force_login(officer)
    first, _, _ = queries_of(client, reverse("safety_walks_my_items"))
    last, _, html = queries_of(client, reverse("safety_walks_my_items") + "?p=3")
    assert last == first
    assert html.count('<li class="my-item') == 60 - 2 * ITEMS_PER_PAGE
    assert "Side 3 af 3" in html


@pytest.mark.parametrize("address", [FINDINGS, FINDINGS + "?overdue=yes"])
def test_staffs_findings_list_costs_the_same_queries_for_5_findings_or_130(client, police, staff_user, address):
    other = make_organisation(name="Driften")
    findings_for(police, 3)
    findings_for(other, 2)
    client.force_login(staff_user)
    few, _, _ = queries_of(client, address)

    findings_for(police, 70)
    findings_for(other, 55)
    many, sqls, html = queries_of(client, address)
    assert many == few
    assert "Fund 0000" in html
    # Counted once (not once for the count and again for the paginator), and no DISTINCT over every column
    # (nothing in the address can repeat a row).
    counts = [sql for sql in sqls if "COUNT(" in sql and "safety_walks_finding" in sql]
    assert len([sql for sql in counts if "overdue" in address or "EXISTS" not in sql]) <= 2
    assert not [sql for sql in sqls if "SELECT DISTINCT" in sql and "safety_walks_finding" in sql]


def test_the_findings_list_is_counted_once(client, police, staff_user):
    findings_for(police, 12)
    client.force_login(staff_user)
    _, sqls, html = queries_of(client, FINDINGS + "?overdue=yes")
    # The overdue rows' count reads the responsibilities (in whatever form); the whole list's does not.
    filtered_counts = [sql for sql in sqls if "COUNT(" in sql and "safety_walks_responsibility" in sql]
    assert len(filtered_counts) == 1
    assert "Fund 0011" in html


def test_a_filter_that_can_repeat_a_finding_still_lists_it_once(client, police, staff_user):
    finding = make_finding(make_walk(), title="Delt fund", responsibilities=[(police, RS.PLACED, 30)])
    Responsibility.objects.create(finding=finding, organisation=police, task="Anden del", sort_order=1)
    client.force_login(staff_user)

    html = client.get(FINDINGS, {"responsibilities__organisation__id__exact": police.pk}).content.decode()
    assert len(re.findall(r">\s*Delt fund\s*<", html)) == 1


def test_partners_buttons_are_still_decided_per_row(client, police, officer):
    findings_for(police, 2)
    client.force_login(officer)
    html = client.get(FINDINGS).content.decode()
    assert html.count("/update/") >= 2  # "Add update" on each of their own findings
    assert "/edit/" not in html and "/delete/" not in html  # a partner may not edit or delete the finding
