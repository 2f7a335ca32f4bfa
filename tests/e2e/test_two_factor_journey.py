"""A mediator's first login in a real browser: password, then a phone enrolled by QR code, then the case.
A mediator whose session skipped the second factor is refused the case."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from estates import roles
from tests.builders import make_user
from tests.e2e.helpers import admin_login, assert_accessible, log_in_as
from tests.mediation.builders import make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Hemmelig-kode-123"
NARRATIVE = "Musik om natten i opgang 12."


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    """As in production (the test settings switch it off for other tests' password-only logins)."""
    settings.BOLIGSOCIAL_TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the journey types a right code right after a wrong one


def current_code(device: TOTPDevice) -> str:
    """What the mediator's authenticator app shows now (django-otp's own TOTP)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_mediator_enrols_a_phone_on_first_login_and_reaches_the_case(page, live_server, home_page):
    mediator = make_user(roles.STAFF, roles.MEDIATORS, username="mikkel", password=PASSWORD)
    case = make_case(mediators=[mediator], description=NARRATIVE)
    case_url = reverse("mediation_case_modeladmin_edit", args=[case.pk])

    admin_login(page, live_server.url, "mikkel", PASSWORD, next_url=case_url)
    expect(page.get_by_role("heading", name="Slå totrinslogin til")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode til din godkendelsesapp")).to_be_visible()
    expect(page.get_by_text(NARRATIVE)).to_have_count(0)
    assert_accessible(page)

    # The key under the QR code is the secret the app would read from it.
    device = TOTPDevice.objects.get(user=mediator, confirmed=False)
    assert device.config_url.split("secret=")[1].startswith(page.locator("main code").inner_text())

    page.get_by_label("Koden fra din app").fill("123456" if current_code(device) != "123456" else "654321")
    page.get_by_role("button", name="Slå totrinslogin til").click()
    expect(page.get_by_role("status").get_by_text("Koden er forkert eller for gammel")).to_be_visible()

    page.get_by_label("Koden fra din app").fill(current_code(device))
    page.get_by_role("button", name="Slå totrinslogin til").click()
    expect(page.get_by_role("textbox", name="Beskrivelse")).to_have_value(NARRATIVE)
    assert TOTPDevice.objects.get(user=mediator).confirmed


def test_a_mediator_whose_session_skipped_the_second_factor_is_refused_the_case(page, live_server, home_page):
    mediator = make_user(roles.STAFF, roles.MEDIATORS, username="karla", password=PASSWORD)
    device = TOTPDevice.objects.create(user=mediator, name="Telefon", confirmed=True)
    case = make_case(mediators=[mediator], description=NARRATIVE)
    case_url = reverse("mediation_case_modeladmin_edit", args=[case.pk])

    log_in_as(page, live_server.url, mediator)  # a session from the password alone
    page.goto(case_url)
    expect(page.get_by_role("heading", name="Koden fra din telefon")).to_be_visible()
    expect(page.get_by_text(NARRATIVE)).to_have_count(0)
    expect(page.get_by_role("textbox", name="Beskrivelse")).to_have_count(0)

    page.get_by_label("Koden fra din app").fill(current_code(device))
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("textbox", name="Beskrivelse")).to_have_value(NARRATIVE)
