"""A partner finds their items, updates them in a minute, and is told about new ones."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from estates import preferences, roles
from estates.models import MailCategory, Membership
from safety_walks.models import FindingStatus, FindingUpdate, FollowUpMeeting, Responsibility
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    return make_organisation(name="Politiet")


@pytest.fixture
def officer(police):
    return make_user(roles.PARTNERS, organisation=police, first_name="Per", email="per@politi.example")


def test_my_items_lists_the_organisations_items_overdue_first(client, police, officer):
    walk = make_walk(title="Vandring i Nord")
    make_finding(walk, title="Senere opgave", responsibilities=[(police, RS.PLACED, 4000)])
    make_finding(walk, title="Overskredet opgave", responsibilities=[(police, RS.IN_PROGRESS, 1)])
    make_finding(walk, title="Løst opgave", responsibilities=[(police, RS.RESOLVED, 2)])
    make_finding(walk, title="Andres opgave", responsibilities=[(make_organisation(), RS.PLACED, 1)])
    client.force_login(officer)

    html = client.get(reverse("safety_walks_my_items")).content.decode()

    assert html.index("Overskredet opgave") < html.index("Senere opgave") < html.index("Løst opgave")
    assert "Andres opgave" not in html
    assert "Din organisation har 2 åbne opgaver." in html
    assert "Vandring i Nord" in html


def test_partner_update_is_live_on_the_walk_page_and_recorded_in_history(client, police, officer):
    walk = make_walk()
    finding = make_finding(walk, title="Knallerter", responsibilities=[(police, RS.PLACED, 30)])
    responsibility = finding.responsibilities.get()
    client.force_login(officer)

    response = client.post(
        reverse("safety_walks_add_update", args=[finding.pk]),
        {
            "responsibility": responsibility.pk,
            "new_status": RS.IN_PROGRESS,
            "public_note": "Vi patruljerer på stien om aftenen.",
            "internal_note": "Kontakt til to familier.",
        },
    )

    assert response.status_code == 302
    responsibility.refresh_from_db()
    assert responsibility.status == RS.IN_PROGRESS
    public = client.get(walk.url).content.decode()
    assert "Vi patruljerer på stien om aftenen." in public
    assert "Kontakt til to familier." not in public
    entry = ModelLogEntry.objects.get(action="safety_walks.finding_update", object_id=str(finding.pk))
    assert entry.user == officer


def test_partner_cannot_update_another_organisations_responsibility_on_a_shared_finding(client, police, officer):
    municipality = make_organisation(name="Kommunen")
    finding = make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30), (municipality, RS.PLACED, 30)])
    theirs = finding.responsibilities.get(organisation=municipality)
    client.force_login(officer)

    response = client.post(
        reverse("safety_walks_add_update", args=[finding.pk]),
        {"responsibility": theirs.pk, "new_status": RS.RESOLVED, "public_note": "Løst"},
    )

    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.status == RS.PLACED


def test_members_are_emailed_when_their_organisation_gets_an_item(police, officer, django_capture_on_commit_callbacks):
    quiet = make_user(roles.PARTNERS, organisation=police, email="stille@politi.example")
    Membership.objects.filter(user=quiet).update(notify_by_email=False)
    walk = make_walk(title="Vandring i Syd")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        finding = make_finding(walk, title="Mørk tunnel", responsibilities=[(police, RS.PLACED, 30)])

    assert [message.to for message in mail.outbox] == [["per@politi.example"]]
    message = mail.outbox[0]
    assert message.subject == "Ny opgave til Politiet: Mørk tunnel"
    assert "Vandring i Syd" in message.body
    assert f"/admin/safety-walks/finding/{finding.pk}/update/" in message.body


def test_moving_a_responsibility_to_another_organisation_notifies_the_new_one(
    police, officer, django_capture_on_commit_callbacks
):
    finding = make_finding(make_walk(), responsibilities=[(make_organisation(name="Kommunen"), RS.PLACED, 30)])
    mail.outbox.clear()
    responsibility = Responsibility.objects.get(finding=finding)
    responsibility.organisation = police
    with django_capture_on_commit_callbacks(execute=True):
        responsibility.save()
    assert [message.to for message in mail.outbox] == [["per@politi.example"]]


def test_a_member_can_turn_the_emails_off(client, police, officer, django_capture_on_commit_callbacks):
    client.force_login(officer)
    client.post(reverse("safety_walks_my_items"), {})
    assert not preferences.wants(officer, MailCategory.NEW_ITEMS)  # the same switch as under Konto
    assert preferences.wants(officer, MailCategory.REMINDERS)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])
    assert mail.outbox == []


def test_partner_dashboard_shows_open_and_overdue_items(client, police, officer):
    make_finding(make_walk(), title="Gammel sag", responsibilities=[(police, RS.PLACED, 1)])
    client.force_login(officer)
    html = client.get("/admin/").content.decode()
    assert "1 åben opgave" in html and "1 over fristen" in html and "Gammel sag" in html


def test_staff_dashboard_shows_overdue_findings_and_follow_up_meetings_due(client, police, staff_user):
    today = timezone.localdate()
    due_walk = make_walk(title="Snart opfølgning", follow_up_date=today + timedelta(days=20))
    make_walk(title="Langt ude", follow_up_date=today + timedelta(days=90))
    held = make_walk(title="Allerede holdt", follow_up_date=today + timedelta(days=5))
    FollowUpMeeting.objects.create(walk=held, held_on=today)
    make_finding(due_walk, title="Forsinket lampe", responsibilities=[(police, RS.PLACED, 1)])
    client.force_login(staff_user)

    html = client.get("/admin/").content.decode()

    assert "Forsinket lampe" in html and "Politiet" in html
    assert "Snart opfølgning" in html
    assert "Langt ude" not in html and "Allerede holdt" not in html


def test_staff_invite_a_partner_who_then_chooses_a_password_and_logs_in(client, staff_user, police):
    client.force_login(staff_user)
    response = client.post(
        reverse("estates_invite_partner"),
        {"email": "Ny@Kommune.example", "first_name": "Nina", "last_name": "Nielsen", "organisation": police.pk},
    )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["Ny@kommune.example"]
    link = re.search(r"http\S+/admin/password_reset/confirm/\S+", message.body).group(0)
    client.logout()

    path = link.split("127.0.0.1:8000")[-1]
    form_page = client.get(path, follow=True)
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = client.post(
        set_password_url, {"new_password1": "Sikker-kode-til-Nina-9", "new_password2": "Sikker-kode-til-Nina-9"}
    )
    assert done.status_code == 302
    assert client.login(username="ny@kommune.example", password="Sikker-kode-til-Nina-9")
    assert client.get(reverse("safety_walks_my_items")).status_code == 200


def test_inviting_an_existing_email_gets_a_danish_message(client, staff_user, police, officer):
    client.force_login(staff_user)
    response = client.post(
        reverse("estates_invite_partner"),
        {"email": "per@politi.example", "first_name": "Per", "last_name": "", "organisation": police.pk},
    )
    assert response.status_code == 200
    assert "findes allerede" in response.content.decode()


@override_settings(AXES_ENABLED=True)
def test_repeated_failed_logins_lock_the_account_with_a_danish_message(client, officer):
    for _ in range(5):
        client.post("/admin/login/", {"username": officer.username, "password": "forkert"})
    response = client.post("/admin/login/", {"username": officer.username, "password": "Hemmelig-kode-123"})
    assert response.status_code == 429
    assert "For mange forsøg" in response.content.decode()


@pytest.mark.parametrize("count", [3, 20])
def test_the_partners_findings_list_costs_the_same_queries_for_3_or_20_findings(
    client, police, officer, django_assert_max_num_queries, count
):
    walk = make_walk()
    for n in range(count):
        make_finding(walk, title=f"Fund {n}", responsibilities=[(police, RS.PLACED, 30)])
    client.force_login(officer)
    client.get("/admin/safety_walks/finding/")
    with django_assert_max_num_queries(30):
        response = client.get("/admin/safety_walks/finding/")
    assert response.status_code == 200
    assert response.content.decode().count("Fund ") >= count


def test_a_partner_must_choose_whose_responsibility_the_note_is_for(client, police, officer):
    finding = make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])
    client.force_login(officer)
    response = client.post(reverse("safety_walks_add_update", args=[finding.pk]), {"public_note": "Vi kigger på det"})
    assert response.status_code == 200
    assert "Vi kigger på det" in response.content.decode()  # the note is kept in the form, not lost


def test_one_partner_update_costs_at_most_15_queries(client, police, officer, django_assert_max_num_queries):
    walk = make_walk()
    finding = make_finding(walk, title="Knallerter", responsibilities=[(police, RS.PLACED, 30)])
    responsibility = finding.responsibilities.get()
    client.force_login(officer)
    client.get(reverse("safety_walks_add_update", args=[finding.pk]))  # session and profile exist, as for a partner

    with django_assert_max_num_queries(15):
        response = client.post(
            reverse("safety_walks_add_update", args=[finding.pk]),
            {"responsibility": responsibility.pk, "new_status": RS.IN_PROGRESS, "public_note": "Vi er i gang."},
        )

    assert response.status_code == 302
    responsibility.refresh_from_db()
    finding.refresh_from_db()
    assert responsibility.status == RS.IN_PROGRESS
    assert finding.status == FindingStatus.IN_PROGRESS
    assert finding.updates.get().public_note == "Vi er i gang."


def test_a_partner_attaches_a_real_photo_to_an_update_without_collection_rights(client, police, officer):
    finding = make_finding(make_walk(), title="Mørk sti", responsibilities=[(police, RS.PLACED, 30)])
    responsibility = finding.responsibilities.get()
    url = reverse("safety_walks_add_update", args=[finding.pk])
    client.force_login(officer)

    response = client.post(
        url,
        {
            "responsibility": responsibility.pk,
            "public_note": "Lampen er skiftet.",
            "photo": SimpleUploadedFile("lampe.png", png_bytes(size=(40, 30)), content_type="image/png"),
        },
    )

    assert response.status_code == 302
    update = FindingUpdate.objects.select_related("photo").get(finding=finding)
    assert update.public_note == "Lampen er skiftet."
    photo = update.photo
    assert (photo.width, photo.height) == (40, 30)
    assert "lampe" not in photo.file.name  # a random name: photos of internal findings cannot be guessed
    assert photo.url("thumb") in client.get(url).content.decode()  # shown in the finding's timeline


def test_a_file_that_is_not_a_photo_keeps_the_typed_note_and_says_why_in_danish(client, police, officer):
    finding = make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])
    responsibility = finding.responsibilities.get()
    client.force_login(officer)

    response = client.post(
        reverse("safety_walks_add_update", args=[finding.pk]),
        {
            "responsibility": responsibility.pk,
            "public_note": "Vi har ryddet buskadset.",
            "photo": SimpleUploadedFile("rapport.txt", b"Ikke et billede", content_type="text/plain"),
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Vi har ryddet buskadset." in html
    assert "Filen er ikke et foto, vi kan bruge." in html
    assert not FindingUpdate.objects.filter(finding=finding).exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=200)
def test_a_photo_over_the_size_limit_is_refused_in_danish_with_the_limit(client, police, officer):
    finding = make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])
    client.force_login(officer)

    response = client.post(
        reverse("safety_walks_add_update", args=[finding.pk]),
        {
            "responsibility": finding.responsibilities.get().pk,
            "public_note": "Se billedet.",
            "photo": SimpleUploadedFile("stor.png", png_bytes(size=(400, 400), color="red") + b"\0" * 500),
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Fotoet er for stort. Det må højst fylde 200" in html and "Se billedet." in html
    assert not FindingUpdate.objects.filter(finding=finding).exists()
