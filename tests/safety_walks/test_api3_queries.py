"""What a walk costs in the API (issue #18): the visible pages are worked out once per request, a detail's page
keeps the locale read with it, and its parent is read and checked in one query; the answer is the same."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safety_walks.models import FindingUpdate
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_photo, make_walk, make_walk_index

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"


def walk_with_findings(n=0, findings=3):
    police = make_organisation()
    walk = make_walk(title=f"Vandring {n}", walk_date=timezone.now() - timedelta(days=n))
    for m in range(findings):
        finding = make_finding(walk, photo=make_photo(), responsibilities=[(police, RS.PLACED, 30)])
        FindingUpdate.objects.create(finding=finding, public_note=f"Nyt {m}")
    return walk


def test_a_walks_detail_reads_its_findings_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    walk = walk_with_findings(findings=5)
    client.get(f"{API}{walk.pk}/")
    # The visible pages (restrictions, the site's translations), the page and its specific form with its areas,
    # its parent, progress, and the findings with their responsibilities, notes and follow-up statuses:
    # 17 before the visible pages were read once and the parent and locale were not read again.
    with django_assert_max_num_queries(13):
        detail = client.get(f"{API}{walk.pk}/").json()
    assert len(detail["public_findings"]) == 5
    assert detail["meta"]["locale"] == "da"
    index = make_walk_index()
    assert detail["meta"]["parent"]["id"] == index.pk and detail["meta"]["parent"]["title"] == index.title
    assert detail["meta"]["parent"]["meta"]["type"] == "safety_walks.WalkIndexPage"


def test_a_page_whose_parent_is_not_public_shows_no_parent(client):
    home = make_walk_index().get_parent()  # the site's root page: its parent is the tree's root

    detail = client.get(f"{API}{home.pk}/").json()

    assert detail["meta"]["parent"] is None


@pytest.mark.parametrize("walks", [1, 6])
def test_a_walk_listing_costs_the_same_queries_whatever_the_number_of_walks(
    client, django_assert_max_num_queries, walks
):
    for n in range(walks):
        walk_with_findings(n)
    progress = {"type": "safety_walks.WalkPage", "fields": "progress"}
    both = {"type": "safety_walks.WalkPage", "fields": "public_findings,progress"}
    client.get(API, both)
    # Visible pages, count, walks, areas, progress: 11 before the visible pages were read once.
    with django_assert_max_num_queries(7):
        assert len(client.get(API, progress).json()["items"]) == walks
    with django_assert_max_num_queries(12):  # and the findings' five
        assert len(client.get(API, both).json()["items"]) == walks
