"""A walk's findings in the API are read for the whole response at once: what the walk report shows residents,
no more, in a fixed number of queries however many walks a listing holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safety_walks.models import FindingSnapshot, FindingUpdate
from safety_walks.models.findings import FindingStatus
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_follow_up_meeting, make_photo, make_walk

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"
WALKS = {"type": "safety_walks.WalkPage", "fields": "public_findings,progress"}


def walk_with_every_kind_of_finding(title="Vandring"):
    walk = make_walk(title=title)
    police, housing = make_organisation(name="Politiet"), make_organisation(name="Boligselskabet")
    lamp = make_finding(
        walk,
        title="Lampe",
        photo=make_photo(alt_text="Lampen"),
        responsibilities=[(police, RS.IN_PROGRESS, -400), (housing, RS.RESOLVED, 10)],
    )
    FindingUpdate.objects.create(finding=lamp, public_note="Bestilt.", internal_note="Intern sag 12.")
    FindingUpdate.objects.create(finding=lamp, public_note="Skjult note.", public_note_hidden_at=timezone.now())
    given_up = make_finding(walk, title="Busk", status=FindingStatus.CANNOT_BE_RESOLVED, status_reason="Fredet.")
    make_finding(walk, title="Hemmeligt fund", is_public=False, photo=make_photo(alt_text="Privat foto"))
    meeting = make_follow_up_meeting(walk)
    FindingSnapshot.objects.create(meeting=meeting, finding=given_up, status=FindingStatus.IN_PROGRESS)
    return walk


def test_the_api_shows_a_walks_findings_as_the_walk_report_does(client):
    walk = walk_with_every_kind_of_finding()

    detail = client.get(f"{API}{walk.pk}/").json()

    assert detail["public_findings"] == walk.public_findings  # the report's items in the API's shape
    given_up, lamp = sorted(detail["public_findings"], key=lambda finding: finding["title"])
    assert lamp["latest_public_note"]["text"] == "Bestilt."  # the hidden note is not the latest one
    assert [line["overdue"] for line in lamp["responsibilities"]] == [True, False]
    assert lamp["photo"]["alt"] == "Lampen" and "/foto/" in lamp["photo"]["url"]
    assert given_up["status_reason"] == "Fredet." and given_up["status_at_follow_up"] == FindingStatus.IN_PROGRESS
    assert detail["progress"]["total"] == 2


def test_internal_findings_hidden_notes_and_private_photos_stay_out_of_the_listing(client):
    walk_with_every_kind_of_finding()

    body = client.get(API, WALKS).content.decode()

    for secret in ("Hemmeligt fund", "Privat foto", "Skjult note.", "Intern sag 12."):
        assert secret not in body


def test_each_walk_of_a_listing_gets_its_own_findings(client):
    first, second = make_walk(title="Første"), make_walk(title="Anden")
    make_finding(first, title="Fund i første")
    make_finding(second, title="Fund i anden")

    items = {item["title"]: item for item in client.get(API, WALKS).json()["items"]}

    assert [finding["title"] for finding in items["Første"]["public_findings"]] == ["Fund i første"]
    assert [finding["title"] for finding in items["Anden"]["public_findings"]] == ["Fund i anden"]
    assert items["Anden"]["progress"]["total"] == 1


@pytest.mark.parametrize("walks", [1, 6])
def test_a_listing_with_findings_costs_the_same_queries_whatever_the_number_of_walks(
    client, django_assert_max_num_queries, walks
):
    police = make_organisation()
    for n in range(walks):
        walk = make_walk(title=f"Vandring {n}", walk_date=timezone.now() - timedelta(days=n))
        for m in range(3):
            finding = make_finding(walk, photo=make_photo(), responsibilities=[(police, RS.PLACED, 30)])
            FindingUpdate.objects.create(finding=finding, public_note=f"Nyt {m}")
    client.get(API, WALKS)
    with django_assert_max_num_queries(20):
        response = client.get(API, WALKS)
    assert len(response.json()["items"]) == walks


def test_the_api_answers_compact_json_and_indents_it_when_asked(client):
    make_walk(title="Vandring")
    compact = client.get(API, {"type": "safety_walks.WalkPage"})
    indented = client.get(API, {"type": "safety_walks.WalkPage"}, HTTP_ACCEPT="application/json; indent=4")
    assert b"\n" not in compact.content and b'\n    "meta"' in indented.content
    assert compact.json() == indented.json()
