"""Staff's dashboard panel "what needs chasing" reads its rows with SQL written by hand (safety_walks.overview_rows,
issue #18): the same rows, order and count as the domain's querysets say, in every case the panel shows, and the
overdue ones still read along the partial index of open responsibilities."""

from datetime import date, timedelta

import pytest
from django.db import connection
from wagtail.models import Locale

from safety_walks import overview_rows, selectors
from safety_walks.models import FollowUpMeeting, Responsibility
from safety_walks.panels import PANEL_ROWS
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_responsibility, make_walk

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def overdue_by_the_domain(today: date) -> tuple[list[tuple], int]:
    assert selectors.overdue_responsibilities(today=today).count() == Responsibility.objects.overdue(on=today).count()
    overdue = selectors.overdue_responsibilities(today=today)
    rows = list(overdue.values_list("finding_id", "finding__title", "organisation__name", "deadline")[:PANEL_ROWS])
    return rows, overdue.count()


def meetings_by_the_domain(today: date) -> list[tuple]:
    meetings = selectors.follow_up_meetings_due(today=today)
    return list(meetings.values_list("pk", "title", "follow_up_date")[:PANEL_ROWS])


def test_no_overdue_responsibilities_and_no_meetings_due():
    assert overview_rows.first_overdue(TODAY, PANEL_ROWS) == ([], 0)
    assert overview_rows.meetings_due(TODAY, PANEL_ROWS) == []


def test_the_overdue_rows_and_count_are_the_domains_overdue_responsibilities():
    walk = make_walk(follow_up_date=TODAY + timedelta(days=90))
    police, council = make_organisation(name="Politiet"), make_organisation(name="Kommunen")
    statuses = list(ResponsibilityStatus)
    for n in range(4 * PANEL_ROWS):
        make_responsibility(
            make_finding(walk, title=f"Fund {n}"),
            police if n % 2 else council,
            # Shared deadlines (ordered by id among them), deadlines from today on, and none at all.
            deadline=None if n % 7 == 0 else TODAY + timedelta(days=n // 3 - 10),
            status=statuses[n % len(statuses)],
        )

    rows, count = overview_rows.first_overdue(TODAY, PANEL_ROWS)

    assert (rows, count) == overdue_by_the_domain(TODAY)
    assert PANEL_ROWS < count < 3 * PANEL_ROWS and all(isinstance(row[3], date) for row in rows)
    assert overview_rows.first_overdue(TODAY, 3) == (rows[:3], count)


def test_the_meetings_due_are_the_domains_walks_in_the_default_locale_not_yet_held():
    due = [make_walk(title=f"Vandring {n}", follow_up_date=TODAY + timedelta(days=12 - 5 * n)) for n in range(4)]
    held = make_walk(title="Holdt", follow_up_date=TODAY - timedelta(days=3))
    FollowUpMeeting.objects.create(walk=held, held_on=TODAY - timedelta(days=3))
    make_walk(title="Senere", follow_up_date=TODAY + timedelta(days=31))
    make_walk(title="Lige inden for", follow_up_date=TODAY + timedelta(days=30))
    due[0].copy_for_translation(Locale.objects.get_or_create(language_code="ar")[0], copy_parents=True)

    rows = overview_rows.meetings_due(TODAY, PANEL_ROWS)

    assert rows == meetings_by_the_domain(TODAY)
    assert [title for _, title, _ in rows] == ["Vandring 3", "Vandring 2", "Vandring 1", "Vandring 0", "Lige inden for"]
    assert all(isinstance(day, date) for _, _, day in rows)


def test_the_overdue_rows_are_read_along_the_partial_index_of_open_responsibilities():
    if connection.vendor != "sqlite":
        pytest.skip("the query plan asked for is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {overview_rows._overdue_sql()}", ["2026-06-01", "2026-06-01", PANEL_ROWS])
        plan = " ".join(str(step) for step in cursor.fetchall())
    # The rows in the index's order (no sort); the count searches an index by deadline too (no scan).
    assert "SEARCH r USING INDEX sw_resp_open_by_deadline" in plan and "TEMP B-TREE" not in plan
    assert "SCAN" not in plan
