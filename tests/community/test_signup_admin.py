"""Staff and sign-ups: the participants and the waiting list, the export Excel opens, a message, attendance
pre-filled, the reminder the day before (exactly once)."""

import csv
import io
from datetime import date

import pytest
from django.core import mail
from freezegun import freeze_time
from openpyxl import load_workbook
from wagtail import hooks

from community.models.signups import SignUp
from community.signups import services
from estates import sweep as sweeping
from estates.models import AddressMail
from tests.community.builders import local
from tests.community.signup_builders import make_signup_activity, make_weekly_signup_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinner(calendar):
    activity = make_signup_activity(calendar, title="Fællesspisning", capacity=2)
    services.sign_up(activity=activity, occurrence_start=None, name="Aisha", email="aisha@example.dk", people=2)
    services.sign_up(
        activity=activity, occurrence_start=None, name="=HYPERLINK(1)", phone="12345678", note="Vegetar; ingen nødder"
    )
    mail.outbox.clear()
    return activity


def test_staff_see_participants_and_the_waiting_list(client, staff_user, dinner):
    client.force_login(staff_user)
    html = client.get(f"/admin/community/signups/{dinner.pk}/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    participants, waiting = html.split("Venteliste")[0], html.split("Venteliste")[1]
    assert "Aisha" in participants
    assert "Vegetar; ingen nødder" in waiting
    index = client.get("/admin/community/signups/").content.decode()
    assert "Fællesspisning" in index


def test_a_partner_cannot_see_the_participants(client, partner_user, dinner):
    client.force_login(partner_user)
    response = client.get(f"/admin/community/signups/{dinner.pk}/")
    assert response.status_code in {302, 403}
    assert b"Aisha" not in response.content


def test_the_csv_opens_in_danish_excel(client, staff_user, dinner):
    client.force_login(staff_user)
    response = client.get(f"/admin/community/signups/{dinner.pk}/?export=csv", HTTP_ACCEPT_LANGUAGE="da")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Status", "Navn", "E-mail"]
    assert rows[1][:5] == ["Bekræftet", "Aisha", "aisha@example.dk", "", "2"]
    assert rows[2][1] == "'=HYPERLINK(1)"  # never run as a formula
    assert rows[2][5] == "Vegetar; ingen nødder"


def test_the_xlsx_reads_back(client, staff_user, dinner):
    client.force_login(staff_user)
    response = client.get(f"/admin/community/signups/{dinner.pk}/?export=xlsx", HTTP_ACCEPT_LANGUAGE="da")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][1] == "Navn"
    assert values[1][1:5] == ["Aisha", "aisha@example.dk", None, 2]


def test_staff_message_the_participants_with_an_address(client, staff_user, dinner):
    client.force_login(staff_user)
    response = client.post(
        f"/admin/community/signups/{dinner.pk}/?occurrence=serie",
        {"subject": "Husk tallerken", "body": "Tag en tallerken med.", "occurrence": "serie"},
    )
    assert response.status_code == 302
    assert [(m.to, m.subject) for m in mail.outbox] == [(["aisha@example.dk"], "Husk tallerken")]
    assert "Tag en tallerken med." in mail.outbox[0].body
    assert "/afmeld/" in mail.outbox[0].body


def test_attendance_is_pre_filled_from_the_sign_ups(client, staff_user, calendar):
    with freeze_time("2027-03-01 12:00:00+01:00"):
        activity = make_signup_activity(calendar, starts_at=local(2027, 3, 5, 17), capacity=10)
        services.sign_up(activity=activity, occurrence_start=None, name="A", email="a@example.dk", people=3)
        services.sign_up(activity=activity, occurrence_start=None, name="B", email="b@example.dk", people=2)
    with freeze_time("2027-03-06 12:00:00+01:00"):
        client.force_login(staff_user)
        html = client.get(f"/admin/community/attendance/new/?activity={activity.pk}&date=2027-03-05").content.decode()
    assert 'name="adults" value="5"' in html


def test_the_reminder_goes_the_day_before_exactly_once(calendar):
    with freeze_time("2027-03-01 12:00:00+01:00"):
        activity = make_weekly_signup_activity(calendar, first_day=date(2027, 3, 9), weeks=3)
        services.sign_up(activity=activity, occurrence_start=None, name="Serie", email="serie@example.dk")
        services.sign_up(
            activity=activity, occurrence_start=local(2027, 3, 16, 17), name="Uge to", email="to@example.dk"
        )
        mail.outbox.clear()
    with freeze_time("2027-03-08 09:00:00+01:00"):
        sweeping.sweep(today=date(2027, 3, 8))
        sweeping.sweep(today=date(2027, 3, 8))
    assert [m.to for m in mail.outbox] == [["serie@example.dk"]]
    assert "9. marts 2027" in mail.outbox[0].body or "tirsdag" in mail.outbox[0].body.lower()
    with freeze_time("2027-03-15 09:00:00+01:00"):
        sweeping.sweep(today=date(2027, 3, 15))
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["serie@example.dk", "to@example.dk"]
    assert SignUp.objects.filter(reminded_at__isnull=False).count() == 2
    assert AddressMail.objects.filter(kind="community.signup_reminder").count() == 3


def test_staff_cancel_for_a_resident_who_phoned_and_the_waiting_list_moves_up(client, staff_user, calendar):
    activity = make_signup_activity(calendar, capacity=1)
    phoned = services.sign_up(activity=activity, occurrence_start=None, name="Ring", phone="12345678")
    waiting = services.sign_up(activity=activity, occurrence_start=None, name="Bo", email="bo@example.dk")
    client.force_login(staff_user)
    client.post(f"/admin/community/signups/{activity.pk}/", {"action": "cancel", "signup": phoned.pk})
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [m.to for m in mail.outbox if "ledig" in m.subject] == [["bo@example.dk"]]


def test_publishing_more_places_moves_the_waiting_list_up(rf, staff_user, calendar):
    activity = make_signup_activity(calendar, capacity=1)
    services.sign_up(activity=activity, occurrence_start=None, name="Aisha", email="a@example.dk")
    waiting = services.sign_up(activity=activity, occurrence_start=None, name="Bo", email="bo@example.dk")
    activity.capacity = 2
    activity.save_revision(user=staff_user).publish(user=staff_user)
    for hook in hooks.get_hooks("after_publish_page"):  # what the admin's edit view runs on publishing
        hook(rf.post("/admin/"), activity.page_ptr)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
