"""Staff's findings list (#18): a page of rows reads only what the list shows, within a fixed number of queries,
and still shows every column; an export still reads the whole findings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safety_walks.models import Finding, FindingCategory, Responsibility
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db

# Session, user, roles, permissions, profile, the filters' choices, the counts, locales, the rows and their
# responsibilities: 15 with the overdue filter (its own count), as in `make bench`; none more per row.
MOST_QUERIES = 15


@pytest.fixture
def listed(client, staff_user):
    walk = make_walk()
    police = make_organisation(name="Politiet")
    category = FindingCategory.objects.first()
    findings = Finding.objects.bulk_create(
        Finding(walk=walk, title=f"Fund {n:03d}", description="Mørk sti", category=category, is_public=n % 2 == 0)
        for n in range(60)
    )
    Responsibility.objects.bulk_create(
        Responsibility(finding=f, organisation=police, deadline=walk.walk_date.date(), status=RS.PLACED)
        for f in findings
    )
    client.force_login(staff_user)
    return client


def get(client, query=""):
    url = reverse("safety_walks_finding_modeladmin_index") + query
    client.get(url)  # caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured]


@pytest.mark.parametrize("query", ["", "?overdue=yes"])
def test_a_page_of_the_findings_list_reads_its_columns_only_within_a_fixed_number_of_queries(listed, query):
    response, sqls = get(listed, query)
    html = response.content.decode()
    assert len(sqls) <= MOST_QUERIES
    rows = [sql for sql in sqls if sql.startswith('SELECT "safety_walks_finding"."id"') and "LIMIT" in sql]
    assert len(rows) == 1
    assert '"description"' not in rows[0] and "findingcategory" not in rows[0]
    # What the user sees is all there: title, walk, responsible, deadline, public or not, the buttons.
    assert "Fund 000" in html and "Politiet" in html
    assert html.count("data-object-pk") == 50


def test_the_export_still_reads_the_whole_findings(listed):
    response = listed.get(reverse("safety_walks_finding_modeladmin_index") + "?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Fund 059" in text and "Politiet" in text
    assert FindingCategory.objects.first().name in text
