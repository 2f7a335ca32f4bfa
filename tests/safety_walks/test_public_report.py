"""The public walk report as residents read it: delays, progress, order, a finding's own page and timeline,
the map data, and a bounded number of queries however many findings the walk has."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from safety_walks.models import FindingUpdate
from safety_walks.models.findings import Priority
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


def danish_date(day) -> str:
    with translation.override("da"):
        return formats.date_format(day, "j. F Y")


def walk_days_ago(days: int, **kwargs):
    """A walk `days` days before today (deadlines are given in days after the walk)."""
    return make_walk(walk_date=timezone.now() - timedelta(days=days), **kwargs)


@pytest.fixture
def municipality():
    return make_organisation(name="Kommunen")


@pytest.fixture
def maintenance():
    return make_organisation(name="Driften")


def test_each_late_responsibility_says_since_when_and_the_count_stands_beside_progress(
    client, municipality, maintenance
):
    walk = walk_days_ago(60)
    walk_day = timezone.localdate(walk.walk_date)
    make_finding(
        walk, title="Mørk sti", responsibilities=[(municipality, RS.IN_PROGRESS, 30), (maintenance, RS.PLACED, 90)]
    )
    make_finding(walk, title="Væltet hegn", responsibilities=[(maintenance, RS.PLACED, 10)])
    make_finding(walk, title="Lampen", responsibilities=[(municipality, RS.RESOLVED, 5)])  # late but done

    html = client.get(walk.url).content.decode()

    assert "1 af 3 løst" in html
    assert "2 forsinkede" in html
    assert html.count("Forsinket siden") == 2
    assert f"Forsinket siden {danish_date(walk_day + timedelta(days=30))}" in html
    assert f"Forsinket siden {danish_date(walk_day + timedelta(days=10))}" in html
    assert f"Forsinket siden {danish_date(walk_day + timedelta(days=5))}" not in html
    # Each responsibility's own status, in plain words (never the office's "Ansvar placeret").
    card = html[html.index("Mørk sti") :]
    card = card[: card.index("</ul>")]
    assert "Vi arbejder på det" in card and "Ikke startet endnu" in card
    assert "Ansvar placeret" not in html


def test_one_late_finding_reads_in_the_singular(client, municipality):
    walk = walk_days_ago(40)
    make_finding(walk, title="Hul i vejen", responsibilities=[(municipality, RS.PLACED, 1)])
    html = client.get(walk.url).content.decode()
    assert "1 forsinket" in html and "forsinkede" not in html


def test_open_findings_come_first_and_are_numbered_like_the_map(client, municipality):
    walk = walk_days_ago(10)
    done = make_finding(
        walk, title="Løst sag", priority=Priority.HIGH, responsibilities=[(municipality, RS.RESOLVED, 5)]
    )
    open_low = make_finding(walk, title="Åben lav", priority=Priority.LOW, latitude="55.676100", longitude="12.568300")
    open_high = make_finding(
        walk, title="Åben høj", priority=Priority.HIGH, latitude="55.676200", longitude="12.568400"
    )

    response = client.get(walk.url)
    html = response.content.decode()

    assert html.index("Åben høj") < html.index("Åben lav") < html.index("Løst sag")
    markers = walk.map_markers
    assert [(m["number"], m["title"]) for m in markers] == [(1, "Åben høj"), (2, "Åben lav")]
    assert markers[0]["url"] == walk.finding_url(open_high)
    assert 'id="bs-map-markers"' in html and f'href="{walk.finding_url(done)}"' in html
    assert f'href="{walk.finding_url(open_low)}"' in html


def test_a_finding_has_its_own_page_with_its_whole_public_timeline(client, municipality):
    walk = walk_days_ago(30)
    finding = make_finding(walk, title="Mørk sti bag nr. 14", responsibilities=[(municipality, RS.IN_PROGRESS, 60)])
    responsibility = finding.responsibilities.get()
    FindingUpdate.objects.create(
        finding=finding,
        responsibility=responsibility,
        organisation=municipality,
        new_status=RS.IN_PROGRESS,
        public_note="Vi har bestilt en ny lampe.",
        internal_note="Budgettet er brugt op.",
        created_at=timezone.now() - timedelta(days=20),
    )
    FindingUpdate.objects.create(
        finding=finding,
        organisation=municipality,
        public_note="Et ubehøvlet svar, som personalet har skjult.",
        public_note_hidden_at=timezone.now(),
        created_at=timezone.now() - timedelta(days=10),
    )
    FindingUpdate.objects.create(
        finding=finding, organisation=municipality, public_note="Lampen kommer i næste uge.", created_at=timezone.now()
    )

    response = client.get(walk.finding_url(finding))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Mørk sti bag nr. 14 – " in html
    assert "<h1>" in html and "Mørk sti bag nr. 14</h1>" in html
    assert html.index("Vi har bestilt en ny lampe.") < html.index("Lampen kommer i næste uge.")  # oldest first
    assert html.count("Kommunen") >= 2  # who said it
    assert "Budgettet er brugt op." not in html  # internal note
    assert "ubehøvlet" not in html  # hidden by staff
    # The walk page's card links to this address.
    assert f'href="{walk.finding_url(finding)}"' in client.get(walk.url).content.decode()


def test_internal_foreign_and_missing_findings_have_no_address(client):
    walk = walk_days_ago(30)
    other_walk = walk_days_ago(30)
    internal = make_finding(walk, title="Hashsalg i kælderen", is_public=False)
    foreign = make_finding(other_walk, title="Andet sted")

    assert client.get(walk.finding_url(internal)).status_code == 404
    assert client.get(walk.url + f"fund/{foreign.pk}/").status_code == 404
    assert client.get(walk.url + "fund/999999/").status_code == 404
    assert client.get(other_walk.finding_url(foreign)).status_code == 200


def test_the_cached_report_follows_new_and_hidden_notes(client, municipality):
    walk = walk_days_ago(30)
    finding = make_finding(walk, title="Affald", responsibilities=[(municipality, RS.PLACED, 60)])
    client.get(walk.url)  # fills the cache

    update = FindingUpdate.objects.create(finding=finding, organisation=municipality, public_note="Ryddet op i dag.")
    assert "Ryddet op i dag." in client.get(walk.url).content.decode()

    FindingUpdate.objects.filter(pk=update.pk).update(public_note_hidden_at=timezone.now())
    assert "Ryddet op i dag." not in client.get(walk.url).content.decode()

    finding.is_public = False
    finding.save()
    assert "Affald" not in client.get(walk.url).content.decode()


def _walk_with(count, organisation):
    walk = walk_days_ago(30)
    for n in range(count):
        finding = make_finding(
            walk,
            title=f"Fund {n}",
            latitude="55.6761",
            longitude="12.5683",
            responsibilities=[(organisation, RS.PLACED if n % 2 else RS.RESOLVED, 10)],
        )
        FindingUpdate.objects.create(finding=finding, organisation=organisation, public_note=f"Nyt om {n}")
    return walk


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)

    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_queries_stay_the_same_at_30_and_300_findings(client, municipality):
    small = _walk_with(30, municipality)
    large = _walk_with(300, municipality)
    client.get(small.url), client.get(large.url)  # the site root paths and the like, cached
    for walk in (small, large):  # a new note changes what the page shows: the cached findings part is stale
        FindingUpdate.objects.create(finding=walk.findings.first(), public_note="Endnu en nyhed.")

    cold_small, _ = _queries(client, small.url)
    cold_large, html = _queries(client, large.url)
    warm_large, warm_html = _queries(client, large.url)

    assert cold_small == cold_large <= 30
    assert warm_large < cold_large  # the findings part comes from the cache
    assert html.count('class="bs-card bs-finding') == warm_html.count('class="bs-card bs-finding') == 300
    assert "150 forsinkede" in warm_html


def test_the_area_page_shows_its_open_findings_with_a_map(client, municipality):
    north = make_area(name="Nordparken", slug="nordparken")
    walk = walk_days_ago(30, areas=[north])
    lamp = make_finding(walk, title="Slukket lampe", latitude="55.6761", longitude="12.5683")
    make_finding(walk, title="Ingen position")
    make_finding(walk, title="Skjult fund", latitude="55.6761", longitude="12.5683", is_public=False)

    html = client.get("/da/omraade/nordparken/").content.decode()

    assert "Slukket lampe" in html and f'href="{walk.finding_url(lamp)}"' in html
    assert "Skjult fund" not in html
    assert 'id="bs-map-markers"' in html and "boligsocial/map.js" in html
