"""Staff's overview panel shows each row's own date in the reader's language, now that a day several rows share is
formatted once per panel (issue #18)."""

from datetime import date

import pytest
from django.test import RequestFactory
from django.utils import translation
from freezegun import freeze_time

from safety_walks.panels import StaffOverviewPanel
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_responsibility, make_walk

pytestmark = pytest.mark.django_db


def overview_html(user, language: str) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override(language):
        return StaffOverviewPanel().render_html({"request": request})


@freeze_time("2026-06-01 12:00:00+02:00")
def test_rows_sharing_a_day_and_rows_of_other_days_each_show_their_own_date_in_the_readers_language(staff_user):
    walk = make_walk(title="Mødet kommer", walk_date="2026-01-10T17:00:00+01:00", follow_up_date=date(2026, 3, 2))
    organisation = make_organisation(name="Kommunen")
    for title, deadline in [("Lampe A", date(2026, 3, 2)), ("Lampe B", date(2026, 3, 2)), ("Bænk", date(2026, 4, 9))]:
        make_responsibility(
            make_finding(walk, title=title), organisation, deadline=deadline, status=ResponsibilityStatus.PLACED
        )

    danish = overview_html(staff_user, "da")
    english = overview_html(staff_user, "en")

    assert "Lampe A</a> – Kommunen, frist 2. marts 2026" in danish
    assert "Lampe B</a> – Kommunen, frist 2. marts 2026" in danish
    assert "Bænk</a> – Kommunen, frist 9. april 2026" in danish
    assert "Mødet kommer</a> – 2. marts 2026 <strong>(overskredet)</strong>" in danish
    assert "Lampe B</a> – Kommunen, deadline March 2, 2026" in english
    assert "Bænk</a> – Kommunen, deadline April 9, 2026" in english
    assert "Mødet kommer</a> – March 2, 2026 <strong>(overdue)</strong>" in english
