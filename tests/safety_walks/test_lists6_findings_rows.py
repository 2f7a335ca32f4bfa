"""The findings list reads its rows' responsibilities once per page (#18): staff's as plain values
(FindingAdmin.read_along_rows), a partner's prefetched for the policy; either way each row shows its
organisations in their order and its next open deadline."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_responsibility, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(partner_organisation):
    municipality = make_organisation(name="Teknik og Miljø")
    walk = make_walk(walk_date=timezone.now())
    today = timezone.localdate()
    for n in range(12):
        finding = make_finding(walk, title=f"Fund {n:02d}")
        # Made last, ordered first.
        make_responsibility(
            finding, partner_organisation, status=RS.RESOLVED, deadline=today + timedelta(days=5), sort_order=1
        )
        make_responsibility(finding, municipality, status=RS.PLACED, deadline=today + timedelta(days=30), sort_order=0)


def listed(client, user):
    client.force_login(user)
    url = reverse("safety_walks_finding_modeladmin_index")
    client.get(url)  # caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    reads = [q["sql"] for q in captured if q["sql"].startswith("SELECT") and "safety_walks_responsibility" in q["sql"]]
    return response.content.decode(), reads


@pytest.mark.parametrize("who", ["staff_user", "partner_user"])
def test_the_rows_responsibilities_are_read_once_and_shown_in_order(client, findings, who, request):
    html, reads = listed(client, request.getfixturevalue(who))
    # One read of the page's responsibilities besides the filters' and the count's (which only ask EXISTS/IN).
    assert len([sql for sql in reads if '"safety_walks_responsibility"."finding_id" IN' in sql]) == 1
    assert html.count("Teknik og Miljø, Lokalpolitiet") == 12
    # The resolved responsibility's earlier deadline is not the next one.
    deadline = timezone.localdate() + timedelta(days=30)
    assert html.count(f">{deadline:%d.%m.%Y}<") == 12
