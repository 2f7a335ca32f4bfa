"""The person-data screen: staff look a resident up, download what every source keeps, and erase it."""

import io

import pytest
from openpyxl import load_workbook

from community.models.signups import SignUp
from community.signups import services
from tests.community.builders import make_calendar
from tests.community.signup_builders import make_signup_activity

pytestmark = pytest.mark.django_db
URL = "/admin/estates/person-data/"


@pytest.fixture
def signed_up(home_page):
    activity = make_signup_activity(make_calendar(parent=home_page), title="Fællesspisning", capacity=1)
    services.sign_up(activity=activity, occurrence_start=None, name="Aisha", phone="+45 12 34 56 78", people=1)
    services.sign_up(activity=activity, occurrence_start=None, name="Bo", email="bo@example.dk")
    return activity


def test_staff_find_a_resident_by_phone_in_another_format(client, staff_user, signed_up):
    client.force_login(staff_user)
    html = client.post(URL, {"phone": "12 34 56 78", "action": "find"}, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Tilmeldinger til aktiviteter" in html
    assert "Aisha" in html and "bo@example.dk" not in html


def test_the_export_downloads_and_reads_back(client, staff_user, signed_up):
    client.force_login(staff_user)
    response = client.post(URL, {"phone": "12345678", "action": "download"}, HTTP_ACCEPT_LANGUAGE="da")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Tilmeldinger til aktiviteter"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Aktivitet"
    assert rows[1][0] == "Fællesspisning" and rows[1][3] == "Aisha"


def test_erasing_needs_the_confirmation_and_then_frees_the_place(client, staff_user, signed_up):
    client.force_login(staff_user)
    unconfirmed = client.post(URL, {"phone": "12345678", "action": "erase"}, HTTP_ACCEPT_LANGUAGE="da")
    assert "Sæt flueben" in unconfirmed.content.decode()
    assert SignUp.objects.filter(name="Aisha").exists()
    client.post(URL, {"phone": "12345678", "action": "erase", "confirm": "on"})
    assert not SignUp.objects.filter(name="Aisha").exists()
    assert SignUp.objects.get(name="Bo").status == "confirmed"  # moved up into the freed place


def test_a_partner_cannot_open_the_screen(client, partner_user, signed_up):
    client.force_login(partner_user)
    response = client.post(URL, {"phone": "12345678", "action": "find"})
    assert b"Aisha" not in response.content
    assert response.status_code in {302, 403}
