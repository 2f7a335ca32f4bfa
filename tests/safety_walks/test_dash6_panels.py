"""The plugin's dashboard panels link each row to its own page and show its date as before, now that the rows are
built in Python from one reversed address (issue #18); the overdue panel reads along its partial index on SQLite
too; the partner's panel costs two queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from freezegun import freeze_time

from estates import roles
from safety_walks import selectors
from safety_walks.models import FindingCategory, FollowUpMeeting
from safety_walks.models.reports import ResidentReport
from safety_walks.panels import PANEL_ROWS, add_panels, first_overdue
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_area, make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_responsibility, make_walk

pytestmark = pytest.mark.django_db

TODAY = "2026-06-01 12:00:00+02:00"


def panels_html(user) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    panels = []
    add_panels(request, panels)
    return "".join(panel.render_html({"request": request}) for panel in panels)


@freeze_time(TODAY)
def test_staffs_rows_link_to_the_finding_the_agenda_and_the_report_with_their_dates(staff_user):
    overdue_walk = make_walk(title="Mødet er overskredet", follow_up_date=date(2026, 5, 20))
    due_walk = make_walk(title="Mødet kommer snart", follow_up_date=date(2026, 6, 20))
    held = make_walk(title="Mødet er holdt", follow_up_date=date(2026, 5, 25))
    FollowUpMeeting.objects.create(walk=held, held_on=date(2026, 5, 25))
    finding = make_finding(overdue_walk, title="Lampen <ved> stien")
    make_responsibility(
        finding, make_organisation(name="Kommunen"), deadline=date(2026, 3, 2), status=ResponsibilityStatus.PLACED
    )
    category = FindingCategory.objects.get_or_create(name="Belysning")[0]
    report = ResidentReport.objects.create(
        area=make_area(name="Nordparken"), category=category, what="Mørk sti & " + "x" * 100
    )

    html = panels_html(staff_user)

    update = reverse("safety_walks_add_update", args=[finding.pk])
    assert f'<a href="{update}">Lampen &lt;ved&gt; stien</a> – Kommunen, frist 2. marts 2026' in html
    assert f'<a href="{reverse("safety_walks_agenda", args=[overdue_walk.pk])}">Mødet er overskredet</a>' in html
    assert "Mødet er overskredet</a> – 20. maj 2026 <strong>(overskredet)</strong>" in html
    assert (
        f'<a href="{reverse("safety_walks_agenda", args=[due_walk.pk])}">Mødet kommer snart</a> – 20. juni 2026</li>'
        in html
    )
    assert "Mødet er holdt" not in html
    shown = "Mørk sti &amp; " + "x" * 58 + "…"  # 70 characters, the last an ellipsis
    assert (
        f'<a href="{reverse("safety_walks_resident_report", args=[report.pk])}">{shown}</a> – Nordparken, 1. juni 2026'
        in html
    )


@freeze_time(TODAY)
def test_a_partner_sees_their_overdue_items_linked_for_an_update_in_two_queries(django_assert_max_num_queries):
    police = make_organisation(name="Politiet")
    officer = make_user(roles.PARTNERS, organisation=police, username="betjent")
    walk = make_walk(walk_date="2026-01-10T17:00:00+01:00")
    late = make_finding(walk, title="Knust rude")
    make_responsibility(late, police, deadline=date(2026, 4, 1), status=ResponsibilityStatus.PLACED)
    make_responsibility(
        make_finding(walk, title="Andres sag"),
        make_organisation(name="Kommunen"),
        deadline=date(2026, 4, 1),
        status=ResponsibilityStatus.PLACED,
    )
    panels_html(officer)  # the user's roles, read once per user object

    with django_assert_max_num_queries(2):  # the counts, the first overdue rows
        html = panels_html(officer)

    assert "1 åben opgave" in html and "1 over fristen" in html
    assert (
        f'<a href="{reverse("safety_walks_add_update", args=[late.pk])}">Knust rude</a> – frist 1. april 2026' in html
    )
    assert "Andres sag" not in html


@freeze_time(TODAY)
def test_the_overdue_panel_reads_the_open_responsibilities_along_their_deadline_index():
    if connection.vendor != "sqlite":
        pytest.skip("the query plan asked for is SQLite's")
    walk = make_walk()
    organisation = make_organisation()
    for n in range(2 * PANEL_ROWS):
        make_responsibility(
            make_finding(walk),
            organisation,
            deadline=date(2026, 2, 1) + timedelta(days=n),
            status=ResponsibilityStatus.RESOLVED if n % 3 == 0 else ResponsibilityStatus.PLACED,
        )
    overdue = selectors.overdue_responsibilities(today=date(2026, 6, 1))

    rows, count = first_overdue(overdue)

    assert count == len([n for n in range(2 * PANEL_ROWS) if n % 3]) and len(rows) == PANEL_ROWS
    assert [row[3] for row in rows] == sorted(row[3] for row in rows)
    sql, params = overdue.values("pk")[:PANEL_ROWS].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(step) for step in cursor.fetchall())
    assert "sw_resp_open_by_deadline" in plan and "TEMP B-TREE" not in plan
