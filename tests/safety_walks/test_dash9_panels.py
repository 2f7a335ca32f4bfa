"""The dashboard panels build each row's list item in Python (issue #18): a title, an organisation's name, a walk's
title or a resident's words are shown as written, never read as HTML, in the partner's and staff's panels alike."""

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse
from freezegun import freeze_time

from estates import roles
from safety_walks.models import FindingCategory
from safety_walks.models.reports import ResidentReport
from safety_walks.panels import add_panels
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_area, make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_responsibility, make_walk

pytestmark = pytest.mark.django_db

WRITTEN = """Lys "nu" & Bo's <b>sti</b>"""
SHOWN = "Lys &quot;nu&quot; &amp; Bo&#x27;s &lt;b&gt;sti&lt;/b&gt;"


def panels_html(user) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    panels = []
    add_panels(request, panels)
    return "".join(panel.render_html({"request": request}) for panel in panels)


@freeze_time("2026-06-01 12:00:00+02:00")
def test_every_value_of_a_row_is_shown_as_written_not_as_html(staff_user):
    organisation = make_organisation(name=WRITTEN)
    partner = make_user(roles.PARTNERS, organisation=organisation, username="partner9")
    walk = make_walk(title=WRITTEN, walk_date="2026-01-10T17:00:00+01:00", follow_up_date=date(2026, 5, 20))
    finding = make_finding(walk, title=WRITTEN)
    make_responsibility(finding, organisation, deadline=date(2026, 4, 1), status=ResponsibilityStatus.PLACED)
    category = FindingCategory.objects.get_or_create(name="Belysning")[0]
    report = ResidentReport.objects.create(area=make_area(name=WRITTEN), category=category, what=WRITTEN)

    staff = panels_html(staff_user)
    mine = panels_html(partner)

    update = reverse("safety_walks_add_update", args=[finding.pk])
    assert f'<li><a href="{update}">{SHOWN}</a> – {SHOWN}, frist 1. april 2026</li>' in staff
    agenda = reverse("safety_walks_agenda", args=[walk.pk])
    assert f'<li><a href="{agenda}">{SHOWN}</a> – 20. maj 2026 <strong>(overskredet)</strong></li>' in staff
    reported = reverse("safety_walks_resident_report", args=[report.pk])
    assert f'<li><a href="{reported}">{SHOWN}</a> – {SHOWN}, 1. juni 2026</li>' in staff
    assert f'<li><a href="{update}">{SHOWN}</a> – frist 1. april 2026</li>' in mine
    assert "<b>" not in staff + mine
