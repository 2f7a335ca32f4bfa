"""The findings list counts its overdue rows from the overdue responsibilities (IN), not with EXISTS per finding,
and counts the whole list without joining the walks: the same numbers as the rows the list pages through."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safety_walks.models import Finding
from safety_walks.statuses import FindingStatus
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

FINDINGS = "/admin/safety_walks/finding/"


@pytest.fixture
def findings(partner_organisation):
    """Overdue findings with one, two and three overdue responsibilities, and findings that are not overdue."""
    other = make_organisation(name="Kommunen")
    walk = make_walk(walk_date=timezone.now() - timezone.timedelta(days=90))
    overdue = [
        make_finding(walk, responsibilities=[(partner_organisation, RS.PLACED, 10)]),
        make_finding(walk, responsibilities=[(partner_organisation, RS.PLACED, 10), (other, RS.IN_PROGRESS, 20)]),
        make_finding(
            walk,
            title="Mørk sti",
            responsibilities=[(partner_organisation, RS.PLACED, 1), (other, RS.PLACED, 2), (other, RS.PLACED, 3)],
        ),
        make_finding(walk, responsibilities=[(other, RS.PLACED, 10), (partner_organisation, RS.RESOLVED, 10)]),
    ]
    not_overdue = [
        make_finding(walk),
        make_finding(walk, responsibilities=[(partner_organisation, RS.RESOLVED, 10)]),
        make_finding(walk, responsibilities=[(partner_organisation, RS.PLACED, 200)]),
        make_finding(walk, responsibilities=[(other, RS.CANNOT_BE_RESOLVED, 10), (other, RS.PLACED, 300)]),
    ]
    return {"overdue": overdue, "not_overdue": not_overdue, "other": other}


def listed(client, address):
    """The list's count, its paginator's count, the rows' true number, and the SQL of its count queries."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    rows = list(response.context["view"].get_queryset())
    counts = [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)")]
    return response.context["result_count"], response.context["paginator"].count, len(rows), len(set(rows)), counts


def test_the_overdue_by_keys_form_lets_through_the_same_findings(findings):
    today = timezone.localdate()
    by_exists = set(Finding.objects.overdue(on=today).values_list("pk", flat=True))
    assert by_exists == {finding.pk for finding in findings["overdue"]}
    assert set(Finding.objects.overdue_by_keys(on=today).values_list("pk", flat=True)) == by_exists
    assert Finding.objects.overdue_by_keys(on=today).count() == len(by_exists)


def test_the_overdue_list_counts_each_finding_once_from_the_overdue_responsibilities(client, staff_user, findings):
    client.force_login(staff_user)
    result_count, paginator_count, rows, distinct_rows, counts = listed(client, FINDINGS + "?overdue=yes")
    assert result_count == paginator_count == rows == distinct_rows == len(findings["overdue"]) == 4
    # The whole list ("out of"), then the overdue rows, each counted once, neither joining the walks; the overdue
    # rows as the findings named by the overdue responsibilities (IN), not EXISTS asked of each finding.
    assert len(counts) == 2
    assert all("JOIN" not in sql for sql in counts)
    assert "EXISTS" not in counts[1] and " IN (SELECT" in counts[1]


@pytest.mark.parametrize(
    "query",
    [
        f"&status={FindingStatus.RESPONSIBILITY_PLACED}",  # a filter before the overdue one
        "&q=Mørk",  # a search after it: counted as the rows are
        "&responsibilities__organisation__id__exact={other}",  # a filter that can repeat a row (DISTINCT)
        "&title__icontains=sti",  # an address lookup no filter answers
    ],
)
def test_the_overdue_count_equals_the_rows_whatever_else_narrows_them(client, staff_user, findings, query):
    client.force_login(staff_user)
    address = FINDINGS + "?overdue=yes" + query.format(other=findings["other"].pk)
    result_count, paginator_count, rows, distinct_rows, _counts = listed(client, address)
    assert result_count == paginator_count == rows == distinct_rows
    assert rows >= 1


def test_a_partner_counts_only_their_overdue_findings(client, partner_user, findings):
    client.force_login(partner_user)
    result_count, paginator_count, rows, distinct_rows, _counts = listed(client, FINDINGS + "?overdue=yes")
    # The fourth overdue finding is overdue for the other organisation only; the partner's part is resolved,
    # but the finding is theirs to see, and it is overdue.
    assert result_count == paginator_count == rows == distinct_rows == 4
