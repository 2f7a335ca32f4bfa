"""The staff dashboard's overdue panel: the oldest deadlines first, the whole number counted, at a bounded cost."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from safety_walks.panels import PANEL_ROWS
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_responsibility, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_titles():
    """PANEL_ROWS + 2 overdue responsibilities (deadlines in a shuffled order) and one done: titles, oldest first."""
    walk = make_walk(walk_date="2026-01-10T17:00:00+01:00")
    organisation = make_organisation(name="Kommunen")
    days = [(n * 7) % (PANEL_ROWS + 2) for n in range(PANEL_ROWS + 2)]
    for day in days:
        finding = make_finding(walk, title=f"Fund på dag {day:02}")
        make_responsibility(
            finding, organisation, deadline=date(2026, 2, 1) + timedelta(days=day), status=ResponsibilityStatus.PLACED
        )
    make_responsibility(
        make_finding(walk, title="Klaret fund"),
        organisation,
        deadline=date(2026, 2, 1),
        status=ResponsibilityStatus.RESOLVED,
    )
    return [f"Fund på dag {day:02}" for day in sorted(days)]


@freeze_time("2026-06-01 12:00:00+02:00")
def test_staff_see_the_oldest_overdue_first_and_how_many_there_are(
    client, staff_user, overdue_titles, django_assert_max_num_queries
):
    client.force_login(staff_user)
    client.get("/admin/")
    with django_assert_max_num_queries(22):  # Wagtail's dashboard and shell (19), the plugin's panels (3)
        page = client.get("/admin/").content.decode()

    shown = [title for title in overdue_titles if title in page]
    assert shown == overdue_titles[:PANEL_ROWS]
    positions = [page.index(title) for title in shown]
    assert positions == sorted(positions)
    assert f"{PANEL_ROWS + 2} opgaver over fristen" in page
    assert "Klaret fund" not in page
