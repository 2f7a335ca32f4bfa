"""A resident signs up on a phone, gets the mail with the .ics, cancels by its link; the first on the waiting
list is moved up and told."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from community.models.signups import SignUp
from community.signups import services
from tests.community.builders import local, make_calendar
from tests.community.signup_builders import make_signup_activity
from tests.e2e.helpers import assert_accessible, assert_fits_the_screen

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def dinner(home_page):
    day = timezone.localdate() + timedelta(days=5)
    return make_signup_activity(
        make_calendar(parent=home_page),
        title="Fællesspisning",
        slug="faellesspisning",
        starts_at=local(day.year, day.month, day.day, 18),
        capacity=2,
    )


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_resident_signs_up_on_a_phone_cancels_by_the_link_and_the_waiting_list_moves_up(phone_page, dinner):
    mail.outbox.clear()
    phone_page.goto("/da/aktiviteter/faellesspisning/")
    expect(phone_page.get_by_text("2 pladser tilbage")).to_be_visible()
    phone_page.get_by_role("link", name="Tilmeld dig her").first.tap()

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tilmeld dig Fællesspisning")
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)
    # A mistake first: the form answers in Danish and keeps what was typed.
    phone_page.get_by_label("Dit navn").fill("Aisha Hansen")
    phone_page.get_by_label("Hvor mange kommer I?").fill("2")
    phone_page.get_by_role("button", name="Tilmeld dig").tap()
    expect(phone_page.get_by_role("alert")).to_contain_text("Skriv en e-mailadresse eller et telefonnummer")
    expect(phone_page.get_by_label("Dit navn")).to_have_value("Aisha Hansen")
    assert_fits_the_screen(phone_page)

    phone_page.get_by_label("E-mail").fill("aisha@example.dk")
    phone_page.get_by_label("Er der noget, vi skal vide? (valgfrit)").fill("Glutenfri")
    phone_page.get_by_role("button", name="Tilmeld dig").tap()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Du er tilmeldt")
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)

    confirmation = mail.outbox[-1]
    assert confirmation.to == ["aisha@example.dk"]
    assert "Fællesspisning" in confirmation.subject
    ics = Calendar.from_ical(confirmation.attachments[0][1])
    assert [str(event["summary"]) for event in ics.walk("VEVENT")] == ["Fællesspisning"]
    cancel_link = re.search(r"https?://\S+/afmeld/", confirmation.body).group(0)

    # The activity is full now; the next resident is put on the waiting list.
    waiting = services.sign_up(activity=dinner, occurrence_start=None, name="Bo", email="bo@example.dk")
    assert waiting.status == "waiting"
    phone_page.goto("/da/aktiviteter/faellesspisning/")
    expect(phone_page.get_by_text("Venteliste", exact=True)).to_be_visible()

    # The link from the mail, without logging in: it asks first, then cancels.
    phone_page.goto(path_of(cancel_link))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Afmeld tilmeldingen?")
    assert_accessible(phone_page)
    assert SignUp.objects.get(name="Aisha Hansen").status == "confirmed"
    phone_page.get_by_role("button", name="Ja, afmeld mig").tap()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Din tilmelding er afmeldt")
    assert_fits_the_screen(phone_page)

    assert SignUp.objects.get(name="Bo").status == "confirmed"
    moved_up = mail.outbox[-1]
    assert moved_up.to == ["bo@example.dk"]
    assert "ledig" in moved_up.subject
    assert moved_up.attachments
