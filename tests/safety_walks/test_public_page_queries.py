"""The public walk pages cost a bounded number of queries, whatever the number of walks and findings; a walk in
a private section stays out of every public list."""

import pytest
from wagtail.models import PageViewRestriction

from estates.pages import public_pages
from safety_walks.models import WalkPage
from safety_walks.selectors import public_walks
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation
from tests.safety_walks.builders import make_finding, make_walk, make_walk_index

pytestmark = pytest.mark.django_db


def walks_with_findings(count: int, *, findings: int = 3) -> list[WalkPage]:
    areas = [make_area(), make_area()]
    police = make_organisation(name="Politiet")
    walks = []
    for _ in range(count):
        walk = make_walk(areas=areas)
        for _ in range(findings):
            make_finding(walk, responsibilities=[(police, RS.IN_PROGRESS, 30)])
        walks.append(walk)
    return walks


@pytest.mark.parametrize("count", [2, 12])
def test_walk_list_costs_the_same_queries_whatever_the_number_of_walks(client, django_assert_max_num_queries, count):
    walks_with_findings(count)
    url = make_walk_index().url
    client.get(url)  # the site's root paths and the locales are kept after the first request
    with django_assert_max_num_queries(17):  # the years, the paging's count and the cards' areas from one overview
        response = client.get(url)
    assert response.content.decode().count('class="bs-card"') == count


def test_a_findings_own_page_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    walk = walks_with_findings(1, findings=30)[0]
    url = walk.finding_url(walk.findings.order_by("pk").last())
    client.get(url)
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert response.status_code == 200


def test_a_walk_in_a_private_section_is_in_no_public_list(client):
    shown, restricted = make_walk(title="Åben vandring"), make_walk(title="Lukket vandring")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert list(public_walks()) == [shown]
    assert set(public_pages(WalkPage.objects.all())) == set(WalkPage.objects.public())
    html = client.get(make_walk_index().url).content.decode()
    assert "Åben vandring" in html
    assert "Lukket vandring" not in html


def test_walks_below_a_private_list_are_not_public(client):
    make_walk(title="Under en lukket liste")
    PageViewRestriction.objects.create(page=make_walk_index(), restriction_type=PageViewRestriction.LOGIN)
    assert list(public_walks()) == []
    assert list(public_pages(WalkPage.objects.all())) == list(WalkPage.objects.public())


def test_the_walk_list_counts_each_walks_public_findings_and_the_resolved_ones(client):
    police = make_organisation(name="Politiet")
    counted = make_walk(title="Vandring med fund")
    make_finding(counted, responsibilities=[(police, RS.RESOLVED, 30)])
    make_finding(counted, responsibilities=[(police, RS.IN_PROGRESS, 30)])
    make_finding(counted, is_public=False, responsibilities=[(police, RS.RESOLVED, 30)])  # internal: not counted
    make_walk(title="Vandring uden fund")
    html = client.get(make_walk_index().url).content.decode()
    assert "1 af 2 løst" in html
    assert html.count('<progress class="bs-progress" max="2" value="1"') == 1
    assert html.count("<progress") == 1  # a walk without public findings shows no progress
