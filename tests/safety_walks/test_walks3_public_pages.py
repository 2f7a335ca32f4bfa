"""A finding's own page and the list of walks, read in fewer queries (issue #18): a finding's number is counted in
the database in the report's own order, the walk's follow-up meeting comes with the walk, upcoming walks read only
what their invitation shows."""

import itertools
import re

import pytest

from safety_walks import reports
from safety_walks.statuses import FindingStatus as FS
from safety_walks.statuses import Priority
from tests.builders import make_organisation
from tests.safety_walks.builders import (
    make_finding,
    make_follow_up_meeting,
    make_planned_walk,
    make_walk,
    make_walk_index,
)

pytestmark = pytest.mark.django_db


def test_each_findings_own_number_is_its_number_in_the_report():
    walk = make_walk()
    statuses = [FS.REGISTERED, FS.RESOLVED, FS.IN_PROGRESS, FS.CANNOT_BE_RESOLVED]
    for status, priority in itertools.product(statuses, Priority.values):
        make_finding(walk, status=status, priority=priority)
        make_finding(walk, status=status, priority=priority)
    make_finding(walk, status=FS.REGISTERED, is_public=False)  # never counted: residents do not see it
    report = reports.public_report(walk)
    numbers = {item.finding.pk: item.number for item in report.items}
    assert sorted(numbers.values()) == list(range(1, 25))
    for pk, number in numbers.items():
        assert reports.finding_report(walk, pk).number == number


def test_a_findings_own_page_reads_the_walk_and_its_meeting_together(client, django_assert_max_num_queries):
    walk = make_walk()
    police = make_organisation(name="Politiet")
    for _ in range(20):
        make_finding(walk, responsibilities=[(police, "in_progress", 30)])
    finding = make_finding(walk, status=FS.RESOLVED, responsibilities=[(police, "resolved", 10)])
    make_follow_up_meeting(walk)
    url = walk.finding_url(finding)
    client.get(url)
    with django_assert_max_num_queries(17) as captured:
        response = client.get(url)
    assert response.status_code == 200
    meeting_reads = [query["sql"] for query in captured.captured_queries if "followupmeeting" in query["sql"]]
    assert len(meeting_reads) == 1  # joined to the walk's own query
    assert '"safety_walks_walkpage"' in meeting_reads[0]
    assert '<span class="bs-finding__number" aria-hidden="true">21</span>' in response.content.decode()


def test_upcoming_walks_cost_no_query_per_walk(client, django_assert_max_num_queries):
    for days in (10, 20, 30):
        make_planned_walk(days_ahead=days, sign_up_needed=True, sign_up_contact="Maja Holm, 12 34 56 78")
    url = make_walk_index().url
    client.get(url)
    with django_assert_max_num_queries(20) as captured:
        html = client.get(url).content.decode()
    assert html.count('class="bs-card bs-walks-upcoming__walk"') == 3
    assert html.count("Foran beboerhuset, Nordparken 12") == 3
    # The walks' areas are read in one query however many walks are upcoming; no column is read walk by walk.
    one_by_one = re.compile(r'"safety_walks_walkpage"\."page_ptr_id" = \d+ LIMIT')
    assert not [query for query in captured.captured_queries if one_by_one.search(query["sql"])]
