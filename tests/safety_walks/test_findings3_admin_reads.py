"""The findings list and a partner's "My items" show a walk by its title and housing areas without building the
walk (a Wagtail page, costly to build), and their queries do not grow with the walks and findings listed."""

import re
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from safety_walks.models import WalkPage
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_area
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

FINDINGS = "/admin/safety_walks/finding/"
MY_ITEMS = "/admin/safety-walks/my-items/"


@contextmanager
def walks_built():
    """The WalkPage objects built while the block runs."""
    built = []

    def record(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(record, sender=WalkPage)
    try:
        yield built
    finally:
        post_init.disconnect(record, sender=WalkPage)


def add_walks(count: int, organisation, areas=()) -> None:
    for _ in range(count):
        walk = make_walk(areas=areas)
        for _ in range(2):
            make_finding(walk, responsibilities=[(organisation, RS.PLACED, -1), (organisation, RS.IN_PROGRESS, 30)])


def queries_of(client, address: str) -> int:
    client.get(address)  # caches warmed (menus, roles, locales)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize("address", [FINDINGS, FINDINGS + "?overdue=yes"])
def test_the_findings_list_builds_no_walk_and_its_queries_stay_flat(client, staff_user, partner_organisation, address):
    add_walks(2, partner_organisation)
    client.force_login(staff_user)
    few = queries_of(client, address)
    add_walks(4, partner_organisation)
    with walks_built() as built:
        many = queries_of(client, address)
    assert many == few
    assert many <= 19
    assert built == []


def test_the_findings_list_shows_each_rows_walk_title(client, staff_user, partner_organisation):
    walk = make_walk(title="Vandring <i> Nordparken")
    make_finding(walk, title="Mørk sti", responsibilities=[(partner_organisation, RS.PLACED, 10)])
    client.force_login(staff_user)
    html = client.get(FINDINGS).content.decode()
    (row,) = [row for row in re.findall(r'<tr class="(?:odd|even)".*?</tr>', html, re.S) if ">Mørk sti</a>" in row]
    assert '<td class="field-walk title nowrap">Vandring &lt;i&gt; Nordparken</td>' in row


def test_my_items_builds_no_walk_and_its_queries_stay_flat(client, partner_user, partner_organisation):
    areas = [make_area(name="Vestparken"), make_area(name="Nordparken")]
    add_walks(2, partner_organisation, areas=areas)
    client.force_login(partner_user)
    few = queries_of(client, MY_ITEMS)
    add_walks(4, partner_organisation, areas=areas)
    with walks_built() as built:
        many = queries_of(client, MY_ITEMS)
        html = client.get(MY_ITEMS).content.decode()
    assert many == few
    assert many <= 16
    assert built == []
    # The walk's title, then its areas in name order.
    walk = WalkPage.objects.order_by("pk").last()
    assert f"<dd>{walk.title} · Nordparken, Vestparken</dd>" in html
