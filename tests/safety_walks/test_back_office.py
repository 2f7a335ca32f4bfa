"""Staff record a walk and its findings in the admin, and publish the report."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from estates import roles
from safety_walks.models import Finding, FindingCategory, FindingSnapshot, FindingUpdate, FollowUpMeeting, WalkPage
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_image, make_walk, make_walk_index, png_bytes

pytestmark = pytest.mark.django_db

FINDINGS_URL = "/admin/safety_walks/finding/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def finding_form(walk, *, responsibilities=(), **fields):
    data = {
        "walk": walk.pk,
        "title": "Slukket lampe",
        "description": "Lampen ved legepladsen virker ikke.",
        "category": FindingCategory.objects.first().pk,
        "priority": 1,
        "location": "Legepladsen",
        "latitude": "",
        "longitude": "",
        "is_public": "on",
        "status": "registered",
        "status_reason": "",
        "responsibilities": inline_formset(list(responsibilities)),
    }
    data.update(fields)
    return nested_form_data(data)


def test_staff_create_and_publish_a_walk_in_the_page_editor(staff_client):
    index = make_walk_index()
    area = make_area(name="Nordparken", slug="nordparken")
    police = make_organisation(name="Politiet")
    data = nested_form_data(
        {
            "title": "Vandring i Nordparken",
            "slug": "vandring-nordparken",
            "walk_date": "2026-05-12 17:00",
            "follow_up_date": "",
            "meeting_point": "Beboerhuset",
            "route_description": "Rundt om blokkene",
            "resident_count": 12,
            "summary": rich_text("<p>Vi gik en tur.</p>"),
            "photos": inline_formset([{"image": make_image().pk, "caption": "Stien"}]),
            "action-publish": "publish",
        }
    )
    data.update({"areas": [area.pk], "participating_organisations": [police.pk]})
    response = staff_client.post(reverse("wagtailadmin_pages:add", args=("safety_walks", "walkpage", index.pk)), data)
    assert response.status_code == 302, response.context["form"].errors
    walk = WalkPage.objects.get(slug="vandring-nordparken")
    assert walk.live
    assert walk.follow_up_date == date(2026, 11, 12)
    assert list(walk.areas.all()) == [area]
    assert staff_client.get(walk.url).status_code == 200


def test_staff_record_a_finding_with_a_photo_and_two_responsible_organisations(staff_client):
    walk = make_walk()
    municipality, maintenance = make_organisation(name="Kommunen"), make_organisation(name="Driften")
    data = finding_form(
        walk,
        photo_upload=SimpleUploadedFile("lampe.png", png_bytes(), "image/png"),
        responsibilities=[
            {
                "organisation": municipality.pk,
                "contact_person": "Lis",
                "task": "Skift pæren",
                "deadline": "2026-06-01",
                "status": RS.PLACED,
            },
            {
                "organisation": maintenance.pk,
                "contact_person": "",
                "task": "Klip hækken",
                "deadline": "2026-06-15",
                "status": RS.IN_PROGRESS,
            },
        ],
    )
    response = staff_client.post(FINDINGS_URL + "create/", data)
    assert response.status_code == 302, response.context["form"].errors
    finding = Finding.objects.get(title="Slukket lampe")
    assert finding.photo is not None
    assert {r.organisation.name for r in finding.responsibilities.all()} == {"Kommunen", "Driften"}
    assert finding.status == "in_progress"

    html = staff_client.get(walk.url).content.decode()
    assert "Slukket lampe" in html and "Kommunen" in html and "Driften" in html


def test_a_deadline_before_the_walk_is_refused_in_danish_and_nothing_is_saved(staff_client):
    walk = make_walk()
    data = finding_form(
        walk,
        responsibilities=[
            {
                "organisation": make_organisation().pk,
                "contact_person": "",
                "task": "",
                "deadline": "2026-01-01",
                "status": RS.PLACED,
            }
        ],
    )
    response = staff_client.post(FINDINGS_URL + "create/", data)
    assert response.status_code == 200
    assert "Fristen kan ikke ligge før tryghedsvandringen." in response.content.decode()
    assert not Finding.objects.exists()


def test_a_responsibility_without_an_organisation_is_refused_and_nothing_is_saved(staff_client):
    walk = make_walk()
    data = finding_form(
        walk,
        responsibilities=[
            {"organisation": "", "contact_person": "Lis", "task": "x", "deadline": "", "status": RS.PLACED}
        ],
    )
    response = staff_client.post(FINDINGS_URL + "create/", data)
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    assert not Finding.objects.exists()


def test_cannot_be_resolved_set_by_staff_needs_a_reason(staff_client):
    walk = make_walk()
    data = finding_form(walk, status_set_by_staff="on", status="cannot_be_resolved", status_reason="")
    response = staff_client.post(FINDINGS_URL + "create/", data)
    assert "Forklar beboerne, hvorfor fundet ikke kan løses." in response.content.decode()
    assert not Finding.objects.exists()


def test_staff_add_an_update_that_residents_see_at_once(staff_client, client):
    walk = make_walk()
    municipality = make_organisation(name="Kommunen")
    finding = make_finding(walk, title="Lampe", responsibilities=[(municipality, RS.PLACED, 30)])
    url = reverse("safety_walks_add_update", args=[finding.pk])
    response = staff_client.post(
        url,
        {
            "responsibility": finding.responsibilities.get().pk,
            "new_status": RS.RESOLVED,
            "public_note": "Lampen lyser igen.",
            "internal_note": "Faktura 123",
        },
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "resolved"
    public = client.get(walk.url).content.decode()
    assert "Lampen lyser igen." in public and "Faktura 123" not in public


def test_a_non_image_upload_gets_a_danish_message_and_saves_nothing(staff_client):
    finding = make_finding(make_walk())
    url = reverse("safety_walks_add_update", args=[finding.pk])
    response = staff_client.post(
        url,
        {"public_note": "Se billedet", "photo": SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not an image")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "billede" in html.lower()
    assert not FindingUpdate.objects.exists()


def test_an_oversized_photo_gets_a_danish_message_and_saves_nothing(staff_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    finding = make_finding(make_walk())
    url = reverse("safety_walks_add_update", args=[finding.pk])
    response = staff_client.post(
        url,
        {"public_note": "Se billedet", "photo": SimpleUploadedFile("stor.png", png_bytes((400, 400)), "image/png")},
    )
    assert response.status_code == 200
    assert "for stor" in response.content.decode()
    assert not FindingUpdate.objects.exists()


def test_an_update_with_a_photo_keeps_the_photo(staff_client):
    finding = make_finding(make_walk())
    url = reverse("safety_walks_add_update", args=[finding.pk])
    response = staff_client.post(
        url, {"public_note": "Nyt hegn", "photo": SimpleUploadedFile("hegn.png", png_bytes(), "image/png")}
    )
    assert response.status_code == 302
    assert FindingUpdate.objects.get().photo is not None


def test_recording_the_follow_up_meeting_takes_a_snapshot_of_every_finding(staff_client):
    walk = make_walk()
    make_finding(walk, title="A")
    make_finding(walk, title="B", is_public=False)
    response = staff_client.post(
        "/admin/safety_walks/followupmeeting/create/", {"walk": walk.pk, "held_on": "2026-11-10", "summary": "OK"}
    )
    assert response.status_code == 302
    meeting = FollowUpMeeting.objects.get(walk=walk)
    assert FindingSnapshot.objects.filter(meeting=meeting).count() == 2


def test_status_agenda_groups_by_organisation_with_overdue_first(staff_client):
    walk = make_walk()
    police = make_organisation(name="Politiet")
    make_finding(walk, title="Senere", responsibilities=[(police, RS.PLACED, 400)])
    make_finding(walk, title="Overskredet", responsibilities=[(police, RS.IN_PROGRESS, 10)])
    make_finding(walk, title="Uden ansvar")
    html = staff_client.get(reverse("safety_walks_agenda", args=[walk.pk])).content.decode()
    assert "Politiet" in html
    assert html.index("Overskredet") < html.index("Senere")
    assert "Uden ansvarlig organisation" in html and "Uden ansvar" in html


def test_staff_export_a_walks_findings_as_csv_and_xlsx(staff_client):
    walk = make_walk()
    other = make_walk()
    make_finding(walk, title="Lampe", responsibilities=[(make_organisation(name="Kommunen"), RS.PLACED, 30)])
    make_finding(other, title="Andet fund")

    response = staff_client.get(FINDINGS_URL, {"walk__id__exact": walk.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert "Lampe" in rows[1] and "Kommunen" in rows[1]

    response = staff_client.get(FINDINGS_URL, {"walk__id__exact": walk.pk, "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert "Lampe" in values and "Andet fund" not in values


def test_findings_list_filters_overdue(staff_client):
    walk = make_walk()
    police = make_organisation(name="Politiet")
    make_finding(walk, title="For sent", responsibilities=[(police, RS.PLACED, 1)])
    make_finding(walk, title="I god tid", responsibilities=[(police, RS.PLACED, 4000)])
    html = staff_client.get(FINDINGS_URL, {"overdue": "yes"}).content.decode()
    assert "For sent" in html and "I god tid" not in html


def test_partners_cannot_reach_the_staff_screens(client):
    partner = make_user(roles.PARTNERS, organisation=make_organisation())
    client.force_login(partner)
    for url in (
        "/admin/snippets/safety_walks/findingcategory/",  # a snippet, for wagtail-localize
        "/admin/safety_walks/thememeeting/",
        "/admin/safety_walks/followupmeeting/",
        FINDINGS_URL + "create/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code != 200


def test_the_update_page_works_when_an_update_has_no_author_any_more(staff_client):
    finding = make_finding(make_walk())
    FindingUpdate.objects.create(finding=finding, public_note="Skrevet af en slettet bruger", author=None)
    response = staff_client.get(reverse("safety_walks_add_update", args=[finding.pk]))
    assert response.status_code == 200
    assert "Skrevet af en slettet bruger" in response.content.decode()


def test_an_uploaded_photo_gets_a_name_no_one_can_guess(staff_client):
    finding = make_finding(make_walk())
    staff_client.post(
        reverse("safety_walks_add_update", args=[finding.pk]),
        {"public_note": "Foto", "photo": SimpleUploadedFile("IMG_1234.png", png_bytes(), "image/png")},
    )
    image = FindingUpdate.objects.get().photo
    assert "IMG_1234" not in image.file.name
    assert image.file.name.startswith("photos/")


def test_a_hand_edited_filter_shows_the_whole_list_with_a_message(staff_client):
    make_finding(make_walk(), title="Lampe", responsibilities=[(make_organisation(), RS.PLACED, 30)])
    response = staff_client.get(f"{FINDINGS_URL}?walk__id__exact=abc", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lampe" in html and "Filteret i adressen var ikke gyldigt" in html
