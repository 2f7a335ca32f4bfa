"""The filter sidebar of a partner's findings list offers only what the partner may see (issue #14: partners
saw every walk title, drafts and login-restricted walks included, and every organisation)."""

import re

import pytest
from wagtail.models import PageViewRestriction

from estates import roles
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

FINDINGS = "/admin/safety_walks/finding/"


@pytest.fixture
def walks(home_page):
    police = make_organisation(name="Lokalpolitiet")
    municipality = make_organisation(name="Teknik og Miljø")
    area = make_area()
    own = make_walk(areas=[area], title="Vandring i Nordparken")
    make_finding(own, title="Mørk sti", responsibilities=[(police, RS.IN_PROGRESS, 30)])
    also_own = make_walk(areas=[area], title="Vandring i Vest")
    make_finding(also_own, title="Knust lygte", responsibilities=[(police, RS.IN_PROGRESS, 30)])
    draft = make_walk(areas=[area], title="Kladde til vandring i Syd", publish=False)
    make_finding(draft, title="Fund i kladden", responsibilities=[(municipality, RS.IN_PROGRESS, 30)])
    restricted = make_walk(areas=[area], title="Lukket vandring for bestyrelsen")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    make_finding(restricted, title="Lukket fund", responsibilities=[(municipality, RS.IN_PROGRESS, 30)])
    foreign = make_walk(areas=[area], title="Vandring ved Stationen")
    make_finding(foreign, title="Kommunens fund", responsibilities=[(municipality, RS.IN_PROGRESS, 30)])
    return {"police": police, "own": own, "draft": draft, "restricted": restricted, "foreign": foreign}


def filter_choices(html: str, parameter: str) -> set[str]:
    """The texts of the sidebar's links that set `parameter` (modeladmin's related-field filter)."""
    return {
        text.strip()
        for href, text in re.findall(r'<a[^>]+href="([^"]*)"[^>]*>([^<]*)</a>', html)
        if f"{parameter}=" in href and text.strip()
    }


def test_partner_filters_list_only_the_walks_and_organisations_of_their_own_findings(client, walks):
    partner = make_user(roles.PARTNERS, organisation=walks["police"])
    client.force_login(partner)

    response = client.get(FINDINGS)

    assert response.status_code == 200
    html = response.content.decode()
    assert filter_choices(html, "walk__page_ptr__exact") == {"Vandring i Nordparken", "Vandring i Vest"}
    # One organisation is no choice: modeladmin leaves a filter of one value out.
    assert filter_choices(html, "responsibilities__organisation__id__exact") <= {"Lokalpolitiet"}
    for hidden in ("Kladde til vandring i Syd", "Lukket vandring for bestyrelsen", "Vandring ved Stationen"):
        assert hidden not in html
    assert "Teknik og Miljø" not in html


def test_staff_filters_list_every_walk_and_organisation(client, walks, staff_user):
    client.force_login(staff_user)

    html = client.get(FINDINGS).content.decode()

    assert filter_choices(html, "walk__page_ptr__exact") == {
        "Vandring i Nordparken",
        "Vandring i Vest",
        "Kladde til vandring i Syd",
        "Lukket vandring for bestyrelsen",
        "Vandring ved Stationen",
    }
    assert filter_choices(html, "responsibilities__organisation__id__exact") == {"Lokalpolitiet", "Teknik og Miljø"}


def test_a_partner_filtering_by_a_foreign_walk_sees_none_of_its_findings(client, walks):
    client.force_login(make_user(roles.PARTNERS, organisation=walks["police"]))

    response = client.get(FINDINGS, {"walk__page_ptr__exact": walks["foreign"].pk}, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kommunens fund" not in html
    assert "Vandring ved Stationen" not in html
