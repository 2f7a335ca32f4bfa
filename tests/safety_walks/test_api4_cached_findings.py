"""A walk's detail in the API serves its public findings from the cache the walk page keeps its report in (issue
#18), under a key that changes whenever anything they show changes: the same bytes, never stale."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from estates.models import Organisation
from safety_walks.models import FindingStatus, FindingUpdate, Responsibility
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.safety_walks.builders import make_finding, make_photo, make_walk

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def walk_with_findings(findings=3):
    police = make_organisation()
    walk = make_walk()
    for m in range(findings):
        finding = make_finding(walk, photo=make_photo(), responsibilities=[(police, RS.PLACED, 30)])
        FindingUpdate.objects.create(finding=finding, public_note=f"Nyt {m}")
    return walk


def detail(client, walk, language="da"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}{walk.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response, len(queries)


def findings_of(client, walk, language="da"):
    return {finding["id"]: finding for finding in detail(client, walk, language)[0].json()["public_findings"]}


def test_a_second_detail_reads_the_findings_from_the_cache_and_gives_the_same_bytes(client):
    walk = walk_with_findings(findings=5)

    first, first_queries = detail(client, walk)
    second, second_queries = detail(client, walk)

    assert second.content == first.content
    assert len(second.json()["public_findings"]) == 5
    # The findings' categories, rows, responsibilities, notes and follow-up statuses are not read again.
    assert second_queries < first_queries
    assert second_queries <= 13


def test_a_listing_does_not_use_the_cache(client, django_assert_max_num_queries):
    walk = walk_with_findings()
    detail(client, walk)
    fields = {"type": "safety_walks.WalkPage", "fields": "public_findings,progress"}
    client.get(API, fields)
    with django_assert_max_num_queries(12):
        items = client.get(API, fields).json()["items"]
    assert len(items[0]["public_findings"]) == 3


def test_a_new_public_note_shows_at_once(client):
    walk = walk_with_findings()
    finding = walk.findings.first()
    findings_of(client, walk)

    FindingUpdate.objects.create(finding=finding, public_note="Lampen er skiftet.")

    assert findings_of(client, walk)[finding.pk]["latest_public_note"]["text"] == "Lampen er skiftet."


def test_a_hidden_public_note_goes_at_once(client):
    walk = walk_with_findings()
    finding = walk.findings.first()
    FindingUpdate.objects.create(finding=finding, public_note="Bestilt.")
    newest = FindingUpdate.objects.create(finding=finding, public_note="Noget forkert.")
    assert findings_of(client, walk)[finding.pk]["latest_public_note"]["text"] == "Noget forkert."

    newest.public_note_hidden_at = timezone.now()
    newest.save(update_fields=["public_note_hidden_at"])

    assert findings_of(client, walk)[finding.pk]["latest_public_note"]["text"] == "Bestilt."


def test_a_status_change_shows_at_once(client):
    walk = walk_with_findings()
    finding = walk.findings.first()
    assert findings_of(client, walk)[finding.pk]["status"] != FindingStatus.RESOLVED

    finding.status, finding.status_set_by_staff = FindingStatus.RESOLVED, True
    finding.save()

    assert findings_of(client, walk)[finding.pk]["status"] == FindingStatus.RESOLVED


def test_a_hidden_finding_goes_at_once(client):
    walk = walk_with_findings()
    finding = walk.findings.first()
    assert finding.pk in findings_of(client, walk)

    finding.is_public = False
    finding.save()

    shown = findings_of(client, walk)
    assert finding.pk not in shown and len(shown) == 2


def test_a_renamed_organisation_shows_at_once(client):
    walk = walk_with_findings()
    organisation = Organisation.objects.get(
        pk=Responsibility.objects.filter(finding__walk=walk).first().organisation_id
    )
    findings_of(client, walk)

    organisation.name = "Nyt navn"
    organisation.save()

    shown = findings_of(client, walk)
    assert {r["organisation"] for finding in shown.values() for r in finding["responsibilities"]} == {"Nyt navn"}


def test_a_responsibility_moved_to_another_organisation_of_the_walk_shows_at_once(client):
    police, council = make_organisation(), make_organisation()
    walk = make_walk()
    first = make_finding(walk, responsibilities=[(police, RS.PLACED, 30)])
    make_finding(walk, responsibilities=[(council, RS.PLACED, 30)])
    findings_of(client, walk)

    # As the admin's reassigning does for a finding whose status staff set: no finding's row changes.
    Responsibility.objects.filter(finding=first).update(organisation=council)

    assert findings_of(client, walk)[first.pk]["responsibilities"][0]["organisation"] == council.name


def test_danish_and_english_details_show_the_category_in_their_language(client):
    walk = walk_with_findings(findings=1)
    finding = walk.findings.first()
    english = finding.category.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.name = "Lighting (en)"
    english.save()

    danish_findings = findings_of(client, walk, "da")
    english_findings = findings_of(client, walk, "en")
    assert danish_findings[finding.pk]["category"] == finding.category.name
    assert english_findings[finding.pk]["category"] == "Lighting (en)"
    # Each language keeps its own entry.
    assert findings_of(client, walk, "da") == danish_findings
    assert findings_of(client, walk, "en") == english_findings


def test_the_walk_pages_kept_report_shows_a_renamed_organisation_and_a_moved_responsibility(client):
    police, council = make_organisation(name="Politiet i byen"), make_organisation(name="Kommunens vejafdeling")
    walk = make_walk()
    first = make_finding(walk, responsibilities=[(police, RS.PLACED, 30)])
    make_finding(walk, responsibilities=[(council, RS.PLACED, 30)])
    assert "Politiet i byen" in client.get(walk.url).content.decode()

    police.name = "Nærpolitiet"
    police.save()
    page = client.get(walk.url).content.decode()
    assert "Nærpolitiet" in page and "Politiet i byen" not in page

    Responsibility.objects.filter(finding=first).update(organisation=council)
    assert "Nærpolitiet" not in client.get(walk.url).content.decode()
