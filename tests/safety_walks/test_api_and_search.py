"""Walks in Wagtail's API and in site search: public findings only."""

import pytest
from django.core.management import call_command

from safety_walks.models import FindingUpdate
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_photo, make_walk

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"


def test_api_lists_walks_with_their_public_findings_only(client):
    walk = make_walk(title="Vandring i Syd")
    police = make_organisation(name="Politiet")
    visible = make_finding(walk, title="Mørk sti", responsibilities=[(police, RS.IN_PROGRESS, 30)])
    make_finding(walk, title="Hemmeligt fund", is_public=False)
    FindingUpdate.objects.create(finding=visible, public_note="Lys bestilt.", internal_note="Må ikke læses.")

    response = client.get(API, {"type": "safety_walks.WalkPage", "fields": "public_findings,progress,area_names"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Hemmeligt fund" not in body and "Må ikke læses." not in body
    item = response.json()["items"][0]
    assert item["title"] == "Vandring i Syd"
    assert item["progress"]["total"] == 1
    finding = item["public_findings"][0]
    assert finding["title"] == "Mørk sti"
    assert finding["status"] == "in_progress"
    assert finding["status_label"] == "Vi arbejder på det"
    assert finding["responsibilities"][0]["organisation"] == "Politiet"
    assert finding["latest_public_note"]["text"] == "Lys bestilt."


def test_api_detail_of_a_walk_has_its_public_findings(client):
    walk = make_walk()
    make_finding(walk, title="Synligt")
    make_finding(walk, title="Internt", is_public=False)
    detail = client.get(f"{API}{walk.pk}/").json()
    assert [f["title"] for f in detail["public_findings"]] == ["Synligt"]


def test_unpublished_walks_are_not_in_the_api(client):
    make_walk(title="Kladde", publish=False)
    body = client.get(API, {"type": "safety_walks.WalkPage"}).json()
    assert body["meta"]["total_count"] == 0


@pytest.mark.parametrize("count", [10, 300])
def test_api_detail_costs_the_same_queries_whatever_the_number_of_findings(
    client, django_assert_max_num_queries, count
):
    walk = make_walk()
    police = make_organisation()
    image = make_photo()
    for n in range(count):
        finding = make_finding(walk, title=f"Fund {n}", photo=image, responsibilities=[(police, RS.PLACED, 30)])
        FindingUpdate.objects.create(finding=finding, public_note="Nyt")
    client.get(f"{API}{walk.pk}/")
    with django_assert_max_num_queries(20):
        response = client.get(f"{API}{walk.pk}/")
    assert response.status_code == 200
    assert len(response.json()["public_findings"]) == count


def test_walk_pages_are_searchable_by_public_findings_but_not_internal_ones(client):
    walk = make_walk(title="Vandring ved søen")
    make_finding(walk, title="Væltet lygtepæl")
    make_finding(walk, title="Narkosalg i opgangen", is_public=False)
    call_command("update_index", verbosity=0)

    found = client.get("/da/search/", {"q": "lygtepæl"}).content.decode()
    assert "Vandring ved søen" in found

    hidden = client.get("/da/search/", {"q": "Narkosalg"}).content.decode()
    assert "Vandring ved søen" not in hidden
    assert "Ingen resultater for »Narkosalg«" in hidden


def test_a_finding_made_internal_after_publishing_leaves_the_search_index_at_once(client):
    walk = make_walk(title="Vandring ved torvet")
    finding = make_finding(walk, title="Hashsalg ved kiosken")
    call_command("update_index", verbosity=0)
    assert "Vandring ved torvet" in client.get("/da/search/", {"q": "kiosken"}).content.decode()

    finding.is_public = False
    finding.save()

    assert "Vandring ved torvet" not in client.get("/da/search/", {"q": "kiosken"}).content.decode()
    new = make_finding(walk, title="Væltet cykelstativ")
    assert "Vandring ved torvet" in client.get("/da/search/", {"q": "cykelstativ"}).content.decode()
    new.delete()
    assert "Vandring ved torvet" not in client.get("/da/search/", {"q": "cykelstativ"}).content.decode()
