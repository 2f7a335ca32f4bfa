"""The plugin's panels on staff's dashboard at a bounded number of queries: the overdue responsibilities are read
with their count in one query, however many there are (issue #18)."""

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from freezegun import freeze_time

from safety_walks.panels import PANEL_ROWS, add_panels
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_responsibility, make_walk

pytestmark = pytest.mark.django_db

# The new resident reports (1: fewer than a panel's rows), the overdue responsibilities with their count (1) and
# the follow-up meetings due (1).
PLUGIN_PANEL_QUERIES = 3
WALK = "Vandringen i Nordparken"


def plugin_panels_html(user) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    panels = []
    add_panels(request, panels)
    return "".join(panel.render_html({"request": request}) for panel in panels)


def make_overdue(count: int) -> None:
    walk = make_walk(title=WALK, walk_date="2026-01-10T17:00:00+01:00", follow_up_date=date(2026, 6, 10))
    organisation = make_organisation(name="Kommunen")
    for n in range(count):
        make_responsibility(
            make_finding(walk, title=f"Overskredet fund {n:02}"),
            organisation,
            deadline=date(2026, 2, 1) + timedelta(days=n),
            status=ResponsibilityStatus.PLACED,
        )
    make_responsibility(
        make_finding(walk, title="Fund med frist senere"),
        organisation,
        deadline=date(2026, 7, 1),
        status=ResponsibilityStatus.PLACED,
    )


@freeze_time("2026-06-01 12:00:00+02:00")
@pytest.mark.parametrize("overdue", [0, 3, PANEL_ROWS + 5])
def test_the_plugins_panels_cost_the_same_few_queries_however_many_are_overdue(
    staff_user, overdue, django_assert_max_num_queries
):
    make_overdue(overdue)
    plugin_panels_html(staff_user)  # the user's roles, read once per user object

    with django_assert_max_num_queries(PLUGIN_PANEL_QUERIES):
        html = plugin_panels_html(staff_user)

    assert f"{overdue} opgaver over fristen" in html
    shown = [n for n in range(overdue) if f"Overskredet fund {n:02}" in html]
    assert shown == list(range(min(overdue, PANEL_ROWS)))
    assert [html.index(f"Overskredet fund {n:02}") for n in shown] == sorted(
        html.index(f"Overskredet fund {n:02}") for n in shown
    )
    assert "Fund med frist senere" not in html
    assert ("Se alle fund over fristen" in html) == (overdue > PANEL_ROWS)
    assert f"{WALK}</a> – 10. juni 2026" in html  # its follow-up meeting is due
