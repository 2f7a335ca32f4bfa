"""What a resident sees on the public walk report."""

from datetime import date

import pytest
from django.test import Client

from safety_walks import services
from safety_walks.models import FindingStatus, FindingUpdate, ThemeMeeting
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_photo, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    return make_organisation(name="Kommunen")


@pytest.fixture
def maintenance():
    return make_organisation(name="Driften")


def test_resident_sees_progress_status_responsible_deadline_and_latest_public_note(client, municipality, maintenance):
    walk = make_walk(title="Vandring i Nordparken")
    lamp = make_finding(walk, title="Slukket lampe", responsibilities=[(municipality, RS.RESOLVED, 30)])
    make_finding(
        walk, title="Høj hæk", responsibilities=[(maintenance, RS.IN_PROGRESS, 40), (municipality, RS.PLACED, 60)]
    )
    make_finding(walk, title="Affald")
    FindingUpdate.objects.create(finding=lamp, public_note="Lampen er skiftet.", internal_note="Kostede 2.000 kr.")

    html = client.get(walk.url).content.decode()

    assert "1 af 3 løst" in html
    assert '<progress class="bs-progress" max="3" value="1"' in html
    assert "Slukket lampe" in html and "Løst" in html
    assert "Høj hæk" in html and "Vi arbejder på det" in html
    assert "Affald" in html and "Ingen har opgaven endnu" in html  # the plain words for "registered"
    assert "Kommunen" in html and "Driften" in html
    assert "11. juni 2026" in html  # the lamp's deadline, 30 days after 12 May
    assert "Lampen er skiftet." in html
    assert "Kostede 2.000 kr." not in html


def test_internal_findings_and_internal_notes_never_reach_the_page(client, municipality):
    walk = make_walk()
    make_finding(walk, title="Hashsalg i kælderen", is_public=False, responsibilities=[(municipality, RS.PLACED, 10)])
    public = make_finding(walk, title="Mørk sti")
    FindingUpdate.objects.create(finding=public, internal_note="Navnet på sælgeren er kendt.")

    html = client.get(walk.url).content.decode()

    assert "Mørk sti" in html
    assert "Hashsalg" not in html
    assert "sælgeren" not in html
    assert "0 af 1 løst" in html


def test_follow_up_snapshot_shows_beside_todays_status(client, municipality):
    walk = make_walk()
    finding = make_finding(walk, title="Lampe", responsibilities=[(municipality, RS.IN_PROGRESS, 30)])
    services.follow_up_meeting_record(walk=walk, held_on=date(2026, 11, 10), summary="Godt møde.")
    responsibility = finding.responsibilities.get()
    services.finding_record_update(
        finding=finding,
        responsibility=responsibility,
        author=make_user(is_superuser=True),
        new_status=RS.RESOLVED,
        public_note="Færdig.",
    )

    html = client.get(walk.url).content.decode()

    assert "Opfølgningsmødet blev holdt 10. november 2026" in html
    assert "Ved opfølgningsmødet" in html
    snapshot_part = html.split("Ved opfølgningsmødet")[1][:200]
    assert "Vi arbejder på det" in snapshot_part
    assert "Løst" in html.split("Ved opfølgningsmødet")[0]


def test_follow_up_date_defaults_to_six_months_after_the_walk():
    walk = make_walk()
    assert walk.follow_up_date == date(2026, 11, 12)


def test_public_theme_meetings_are_shown_on_the_walk_page(client):
    walk = make_walk()
    meeting = ThemeMeeting.objects.create(
        title="Lys i hele området", problem="Mange mørke stier.", starts_at=walk.walk_date, place="Beboerhuset"
    )
    meeting.walks.add(walk)
    hidden = ThemeMeeting.objects.create(
        title="Intern snak", problem="x", starts_at=walk.walk_date, place="Kontoret", is_public=False
    )
    hidden.walks.add(walk)

    html = client.get(walk.url).content.decode()

    assert "Lys i hele området" in html
    assert "Intern snak" not in html


def test_finding_photo_is_shown_with_alternative_text(client):
    walk = make_walk()
    make_finding(walk, title="Væltet hegn", photo=make_photo())
    html = client.get(walk.url).content.decode()
    assert 'alt="Væltet hegn"' in html


def test_a_cannot_be_resolved_finding_explains_why(client, municipality):
    walk = make_walk()
    make_finding(
        walk,
        title="Tunnel",
        status_reason="Tunnelen ejes af staten.",
        responsibilities=[(municipality, RS.CANNOT_BE_RESOLVED, 10)],
    )
    html = client.get(walk.url).content.decode()
    assert "Kan ikke løses" in html
    assert "Tunnelen ejes af staten." in html


def test_unpublished_walks_are_not_shown(client):
    walk = make_walk(publish=False)
    assert Client().get(walk.url or "/da/tryghedsvandringer/" + walk.slug + "/").status_code == 404


@pytest.mark.parametrize("count", [10, 300])
def test_walk_page_costs_the_same_queries_whatever_the_number_of_findings(
    client, django_assert_max_num_queries, municipality, maintenance, count
):
    walk = make_walk()
    image = make_photo()
    for n in range(count):
        finding = make_finding(
            walk,
            title=f"Fund {n}",
            photo=image,
            responsibilities=[(municipality, RS.IN_PROGRESS, 30), (maintenance, RS.PLACED, 40)],
        )
        FindingUpdate.objects.create(finding=finding, public_note=f"Nyt om {n}")
    client.get(walk.url)  # warm the renditions and the site root cache
    with django_assert_max_num_queries(25):
        response = client.get(walk.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="bs-card bs-finding"') == count


def test_walk_index_filters_by_area_and_year_and_explains_bad_filters(client):
    north = make_area(name="Nordparken", slug="nordparken")
    south = make_area(name="Syd", slug="syd")
    from datetime import datetime

    from django.utils import timezone

    make_walk(title="Nord 2026", areas=[north])
    make_walk(title="Syd 2025", areas=[south], walk_date=timezone.make_aware(datetime(2025, 9, 1, 17)))
    index = "/da/tryghedsvandringer/"

    everything = client.get(index).content.decode()
    assert everything.index("Nord 2026") < everything.index("Syd 2025")  # newest first

    by_area = client.get(index, {"omraade": "nordparken"}).content.decode()
    assert "Nord 2026" in by_area and "Syd 2025" not in by_area

    by_year = client.get(index, {"aar": "2025"}).content.decode()
    assert "Syd 2025" in by_year and "Nord 2026" not in by_year

    bad = client.get(index, {"omraade": "findes-ikke", "aar": "abc"})
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "Vi kender ikke det boligområde" in html
    assert "Nord 2026" in html and "Syd 2025" in html


def test_home_page_shows_the_latest_walk_outcomes_per_area(client):
    north = make_area(name="Nordparken", slug="nordparken")
    make_walk(title="Nordens vandring", areas=[north])
    make_walk(title="Anden vandring", areas=[make_area()])
    assert "Nordens vandring" in client.get("/da/").content.decode()
    area_page = client.get("/da/omraade/nordparken/").content.decode()
    assert "Nordens vandring" in area_page and "Anden vandring" not in area_page


def test_status_follows_responsibilities_unless_staff_set_it(municipality, maintenance):
    walk = make_walk()
    finding = make_finding(walk, responsibilities=[(municipality, RS.RESOLVED, 5), (maintenance, RS.PLACED, 5)])
    assert finding.status == FindingStatus.IN_PROGRESS
    finding.status_set_by_staff = True
    finding.status = FindingStatus.RESOLVED
    finding.save()
    assert finding.status == FindingStatus.RESOLVED
