"""Logins that cannot be turned against users (issue #14): lockout per username and real client address,
rate-limited password resets, logout only by POST, a second factor for the mediation roles, and a login
page that names the team."""

import io

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from estates import checks, roles
from tests.builders import make_user
from tests.mediation.builders import make_case
from tests.safety_walks.builders import make_finding, make_photo, make_walk

pytestmark = pytest.mark.django_db

PASSWORD = "Hemmelig-kode-123"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"
# The demo host's settings for PROXY_COUNT=1 (one nginx that appends the client to X-Forwarded-For).
BEHIND_ONE_PROXY = override_settings(
    AXES_ENABLED=True,
    AXES_IPWARE_PROXY_COUNT=0,
    AXES_IPWARE_PROXY_ORDER="right-most",
    AXES_IPWARE_META_PRECEDENCE_ORDER=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
)
TWO_FACTOR = override_settings(BOLIGSOCIAL_TWO_FACTOR_REQUIRED=True)


def log_in(client: Client, username: str, password: str, forwarded_for: str):
    """A login through the proxy: every request reaches Django from 127.0.0.1 with X-Forwarded-For."""
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR="127.0.0.1",
    )


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("wagtailadmin_home")).status_code == 200


@BEHIND_ONE_PROXY
def test_five_wrong_passwords_lock_only_that_client_and_username():
    make_user(username="admin", password=PASSWORD, is_superuser=True)
    attacker = Client()
    answers = [log_in(attacker, "admin", "forkert-gæt", CLIENT_A).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]  # the fifth wrong password locks
    locked = log_in(attacker, "admin", PASSWORD, CLIENT_A)
    assert locked.status_code == 429
    assert not is_logged_in(attacker)
    # Claiming to be B in X-Forwarded-For (the proxy appends A's real address) does not lock B out.
    for _ in range(5):
        log_in(attacker, "admin", "forkert-gæt", f"{CLIENT_B}, {CLIENT_A}")

    # The real admin, from another address behind the same proxy, still logs in.
    admin = Client()
    response = log_in(admin, "admin", PASSWORD, CLIENT_B)
    assert response.status_code == 302
    assert is_logged_in(admin)


@BEHIND_ONE_PROXY
def test_the_locked_out_page_is_danish_in_the_sites_look_and_links_to_a_working_reset():
    make_user(username="politi", password=PASSWORD)
    client = Client()
    for _ in range(5):
        log_in(client, "politi", "forkert", CLIENT_A)
    page = log_in(client, "politi", "forkert", CLIENT_A)
    html = page.content.decode()
    assert page.status_code == 429
    assert "For mange forsøg" in html
    assert "boligsocial/boligsocial.css" in html  # the host's base template with the plugin's stylesheet
    reset_url = reverse("wagtailadmin_password_reset")
    assert f'href="{reset_url}"' in html
    assert "Glemt adgangskode?" in html
    assert client.get(reset_url).status_code == 200


def test_the_login_names_the_team_and_offers_a_password_reset(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert f"Log ind hos {settings.WAGTAIL_SITE_NAME}" in html
    assert "Samarbejdspartnere finder opgaverne fra tryghedsvandringerne her" in html
    assert f'href="{reverse("wagtailadmin_password_reset")}"' in html
    assert "Glemt adgangskode?" in html


def ask_for_reset(client: Client, email: str, address: str = CLIENT_A):
    return client.post(reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_twenty_resets_for_one_account_send_three_mails_and_every_answer_is_the_same(client):
    make_user(username="drift", email="drift@example.org")
    answers = {ask_for_reset(client, "drift@example.org", address=f"192.0.2.{n}")["Location"] for n in range(20)}
    assert len(mail.outbox) == settings.BOLIGSOCIAL_PASSWORD_RESETS_PER_ACCOUNT == 3
    assert answers == {reverse("wagtailadmin_password_reset_done")}
    # An address with no account gets the very same answer.
    assert ask_for_reset(client, "findes-ikke@example.org")["Location"] == reverse("wagtailadmin_password_reset_done")
    done = client.get(reverse("wagtailadmin_password_reset_done")).content.decode()
    assert "hvis en konto for den email eksisterer" in done


def test_one_address_asking_for_many_accounts_sends_at_most_ten_mails(client):
    for n in range(20):
        make_user(username=f"partner{n}", email=f"partner{n}@example.org")
    for n in range(20):
        assert ask_for_reset(client, f"partner{n}@example.org").status_code == 302
    assert len(mail.outbox) == settings.BOLIGSOCIAL_PASSWORD_RESETS_PER_ADDRESS == 10
    # Another address is not held back by that one.
    ask_for_reset(client, "partner19@example.org", address=CLIENT_B)
    assert len(mail.outbox) == 11


def test_get_on_logout_neither_logs_out_nor_drops_the_cookie(client):
    client.force_login(make_user(roles.STAFF))
    response = client.get(reverse("wagtailadmin_logout"))
    assert response.status_code == 200
    assert "Log ud?" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # no Set-Cookie that deletes it
    assert is_logged_in(client)


def test_logout_by_post_ends_the_session_and_the_old_cookie_is_dead(client):
    user = make_user(roles.STAFF)
    client.force_login(user)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post(reverse("wagtailadmin_logout")).status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert not is_logged_in(replay)
    assert SESSION_KEY not in replay.session


def case_url(case) -> str:
    return reverse("mediation_case_modeladmin_edit", args=[case.pk])


@TWO_FACTOR
def test_a_mediator_without_a_second_factor_is_sent_to_enrol_and_refused_the_case(client):
    mediator = make_user(roles.STAFF, roles.MEDIATORS)
    case = make_case(mediators=[mediator], description="Støj om natten.")
    client.force_login(mediator)  # a password login, no second factor
    response = client.get(case_url(case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("boligsocial_two_factor_enrol"))
    assert "Støj om natten." not in client.get(case_url(case), follow=True).content.decode()


@TWO_FACTOR
def test_outside_the_admin_a_mediator_who_owes_the_second_factor_is_anonymous(client):
    mediator = make_user(roles.STAFF, roles.MEDIATORS)
    photo = make_finding(make_walk(), is_public=False, photo=make_photo()).photo
    client.force_login(mediator)  # a password login, no second factor
    assert client.get(photo.url("large")).status_code == 404
    with override_settings(BOLIGSOCIAL_TWO_FACTOR_REQUIRED=False):
        response = client.get(photo.url("large"))
        response.close()  # a streamed file: closing ends the request as a server would
        assert response.status_code == 200


@TWO_FACTOR
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # django-otp slows guessing; this test types a right code at once
def test_a_mediator_with_a_device_must_give_the_code_before_the_case(client):
    mediator = make_user(roles.STAFF, roles.MEDIATORS)
    case = make_case(mediators=[mediator], description="Støj om natten.")
    device = TOTPDevice.objects.create(user=mediator, name="Telefon", confirmed=True)
    client.force_login(mediator)
    response = client.get(case_url(case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("boligsocial_two_factor_verify"))

    wrong = client.post(reverse("boligsocial_two_factor_verify"), {"otp_token": "000000", "next": case_url(case)})
    assert wrong.status_code == 200
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    right = client.post(reverse("boligsocial_two_factor_verify"), {"otp_token": code, "next": case_url(case)})
    assert right.status_code == 302
    assert "Støj om natten." in client.get(case_url(case)).content.decode()


@TWO_FACTOR
@pytest.mark.parametrize("groups", [(roles.STAFF,), (roles.PARTNERS,)])
def test_other_roles_log_in_with_their_password_alone(client, groups):
    client.force_login(make_user(*groups))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "two-factor" not in response.get("Location", "")


def login_check_ids() -> set[str]:
    return {error.id for error in checks.check_login_safety(None)}


def test_the_demo_host_configures_every_login_guard():
    assert login_check_ids() == set()


@pytest.mark.parametrize(
    ("middleware", "check_id"),
    [(checks.TWO_FACTOR_MIDDLEWARE, "boligsocial.E011"), (checks.LOGIN_GUARD_MIDDLEWARE, "boligsocial.E012")],
)
def test_a_host_without_a_login_middleware_is_told(settings, middleware, check_id):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != middleware]
    assert login_check_ids() == {check_id}


def test_a_host_without_django_ipware_is_told(monkeypatch):
    monkeypatch.setattr(checks, "IPWARE_INSTALLED", False)
    assert login_check_ids() == {"boligsocial.E010"}


@TWO_FACTOR
def test_reset_two_factor_lets_a_mediator_enrol_a_new_phone(client):
    mediator = make_user(roles.STAFF, roles.MEDIATORS, username="mikkel")
    TOTPDevice.objects.create(user=mediator, name="Tabt telefon", confirmed=True)
    call_command("reset_two_factor", "mikkel", stdout=io.StringIO())
    client.force_login(mediator)
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("boligsocial_two_factor_enrol"))


@BEHIND_ONE_PROXY
def test_an_overlong_username_is_an_ordinary_failed_login():
    response = log_in(Client(), "x" * 300, "forkert", CLIENT_A)
    assert response.status_code == 200
