"""The public side of signing up: the activity page's box, the form on a phone, the receipt, the cancel link."""

from datetime import date

import pytest
from django.core import mail
from freezegun import freeze_time

from community.models.signups import SignUp
from community.signups import services
from tests.community.builders import local
from tests.community.signup_builders import make_signup_activity, make_weekly_signup_activity

pytestmark = pytest.mark.django_db

DANISH = {"HTTP_ACCEPT_LANGUAGE": "da"}


def form_data(**overrides):
    data = {"name": "Aisha Hansen", "email": "aisha@example.dk", "phone": "", "people": "2", "note": "Glutenfri"}
    data.update(overrides)
    return data


def test_the_activity_page_shows_the_places_left_and_the_button(client, calendar):
    activity = make_signup_activity(calendar, capacity=4)
    services.sign_up(activity=activity, occurrence_start=None, name="Bo", email="bo@example.dk", people=3)
    html = client.get(activity.url, **DANISH).content.decode()
    assert "1 plads tilbage" in html
    assert f'href="{activity.url}tilmeld/"' in html


def test_a_full_activity_offers_the_waiting_list(client, calendar):
    activity = make_signup_activity(calendar, capacity=2)
    services.sign_up(activity=activity, occurrence_start=None, name="Bo", email="bo@example.dk", people=2)
    html = client.get(activity.url, **DANISH).content.decode()
    assert "Venteliste" in html
    assert "Skriv dig på ventelisten" in html


def test_signing_up_leads_to_the_receipt_and_sends_the_mail(client, calendar):
    activity = make_signup_activity(calendar, capacity=4)
    response = client.post(activity.url + "tilmeld/", form_data(), **DANISH)
    signup = SignUp.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/da/boligsocial/tilmelding/{signup.token}/"
    receipt = client.get(response["Location"], **DANISH)
    assert "Du er tilmeldt" in receipt.content.decode()
    assert receipt["Referrer-Policy"] == "same-origin"
    assert (signup.name, signup.people, signup.note) == ("Aisha Hansen", 2, "Glutenfri")
    assert len(mail.outbox) == 1


def test_errors_are_danish_and_keep_what_was_typed(client, calendar):
    activity = make_signup_activity(calendar)
    response = client.post(activity.url + "tilmeld/", form_data(email="", phone="", people="0"), **DANISH)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv en e-mailadresse eller et telefonnummer" in html
    assert 'value="Aisha Hansen"' in html
    assert "Glutenfri" in html
    assert not SignUp.objects.exists()


def test_the_honeypot_keeps_nothing(client, calendar):
    activity = make_signup_activity(calendar)
    response = client.post(activity.url + "tilmeld/", form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not SignUp.objects.exists()


def test_too_many_sign_ups_from_one_address_are_refused_in_danish(client, calendar, settings):
    activity = make_signup_activity(calendar, capacity=None)
    for n in range(20):
        client.post(activity.url + "tilmeld/", form_data(email=f"n{n}@example.dk"))
    response = client.post(activity.url + "tilmeld/", form_data(email="last@example.dk"), **DANISH)
    assert response.status_code == 429
    assert "For mange tilmeldinger" in response.content.decode()
    assert SignUp.objects.count() == 20


def test_the_form_needs_a_csrf_token(calendar):
    from django.test import Client

    activity = make_signup_activity(calendar)
    response = Client(enforce_csrf_checks=True).post(activity.url + "tilmeld/", form_data())
    assert response.status_code == 403
    assert not SignUp.objects.exists()


def test_a_repeating_activity_offers_its_dates_and_the_series(client, calendar):
    with freeze_time("2027-03-01 12:00:00+01:00"):
        activity = make_weekly_signup_activity(calendar, first_day=date(2027, 3, 9), weeks=3)
        html = client.get(activity.url + "tilmeld/", **DANISH).content.decode()
        assert html.count('type="radio"') == 4  # three dates and the series
        assert "Hver gang" in html
        client.post(activity.url + "tilmeld/", form_data(occurrence=local(2027, 3, 16, 17).isoformat()))
    assert SignUp.objects.get().occurrence_start == local(2027, 3, 16, 17)


def test_the_cancel_link_asks_first_then_cancels_and_moves_the_waiting_up(client, calendar):
    activity = make_signup_activity(calendar, capacity=1)
    first = services.sign_up(activity=activity, occurrence_start=None, name="Aisha", email="a@example.dk")
    waiting = services.sign_up(activity=activity, occurrence_start=None, name="Bo", email="bo@example.dk")
    url = f"/da/boligsocial/tilmelding/{first.token}/afmeld/"
    asked = client.get(url, **DANISH)
    assert "Ja, afmeld mig" in asked.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"  # a GET (a mail scanner following the link) changes nothing
    mail.outbox.clear()
    done = client.post(url, **DANISH)
    assert "Din tilmelding er afmeldt" in done.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [message.to for message in mail.outbox] == [["bo@example.dk"]]


def test_a_wrong_cancel_link_is_a_friendly_404(client, db):
    response = client.get("/da/boligsocial/tilmelding/forkert/afmeld/", **DANISH)
    assert response.status_code == 404
    assert "Dette link virker ikke" in response.content.decode()
