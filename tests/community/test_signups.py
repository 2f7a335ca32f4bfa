"""Signing up for an activity: places, the waiting list, cancelling, the mails a resident gets."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time
from icalendar import Calendar

from community.models.signups import SignUp
from community.signups import services
from community.signups.records import SignUpStatus
from estates.models import AddressMail
from tests.community.builders import local
from tests.community.signup_builders import make_signup_activity, make_weekly_signup_activity

pytestmark = pytest.mark.django_db


def sign(activity, name="Aisha", *, people=1, email=None, phone="", occurrence_start=None):
    email = f"{name.lower()}@example.dk" if email is None else email
    return services.sign_up(
        activity=activity, occurrence_start=occurrence_start, name=name, email=email, phone=phone, people=people
    )


def test_the_party_that_does_not_fit_goes_on_the_waiting_list(calendar):
    activity = make_signup_activity(calendar, capacity=4)
    first = sign(activity, "Aisha", people=3)
    second = sign(activity, "Bo", people=2)
    third = sign(activity, "Carl", people=1)
    assert [first.status, second.status, third.status] == ["confirmed", "waiting", "confirmed"]
    assert SignUp.objects.of_activity(activity).confirmed().places_taken() == 4


def test_the_confirmation_mail_carries_the_ics_and_a_cancel_link(calendar):
    activity = make_signup_activity(calendar, title="Fællesspisning i beboerhuset")
    signup = sign(activity, "Aisha", people=2)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aisha@example.dk"]
    assert "Fællesspisning i beboerhuset" in message.subject
    assert f"/da/boligsocial/tilmelding/{signup.token}/afmeld/" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Fællesspisning i beboerhuset"]


def test_a_phone_only_sign_up_gets_no_mail_and_is_kept(calendar):
    activity = make_signup_activity(calendar)
    signup = sign(activity, "Dorte", email="", phone="+45 12 34 56 78")
    assert signup.phone_digits == "12345678"
    assert mail.outbox == []


def test_cancelling_moves_the_first_waiting_who_fits_up_and_tells_them(calendar):
    activity = make_signup_activity(calendar, capacity=3)
    aisha = sign(activity, "Aisha", people=2)
    sign(activity, "Bo", people=1)
    big = sign(activity, "Carl", people=3)  # waits; does not fit when two places free up
    small = sign(activity, "Dina", people=2)  # waits; fits
    mail.outbox.clear()
    moved = services.cancel(signup=aisha)
    assert [signup.name for signup in moved] == ["Dina"]
    big.refresh_from_db()
    small.refresh_from_db()
    assert (big.status, small.status) == ("waiting", "confirmed")
    assert [message.to for message in mail.outbox] == [["dina@example.dk"]]
    assert "ledig" in mail.outbox[0].subject.lower() or "free" in mail.outbox[0].subject.lower()
    assert mail.outbox[0].attachments  # the .ics of the place they got


def test_cancelling_twice_changes_nothing(calendar):
    activity = make_signup_activity(calendar, capacity=1)
    first = sign(activity, "Aisha")
    sign(activity, "Bo")
    services.cancel(signup=first)
    assert services.cancel(signup=first) == []
    assert SignUp.objects.of_activity(activity).confirmed().count() == 1


def test_no_sign_up_after_the_deadline(calendar):
    activity = make_signup_activity(calendar, registration_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(services.SignUpRefused):
        sign(activity)
    assert not SignUp.objects.exists()


def test_an_external_sign_up_link_means_no_form(calendar, client):
    activity = make_signup_activity(calendar, registration_url="https://example.org/tilmeld")
    with pytest.raises(services.SignUpRefused):
        sign(activity)
    response = client.get(activity.url + "tilmeld/")
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/tilmeld"


def test_a_series_sign_up_takes_a_place_in_every_occurrence(calendar):
    with freeze_time("2027-03-01 12:00:00+01:00"):
        activity = make_weekly_signup_activity(calendar, first_day=date(2027, 3, 9), capacity=2)
        second_week = local(2027, 3, 16, 17)
        series = sign(activity, "Aisha")
        one_week = sign(activity, "Bo", occurrence_start=second_week)
        full_week = sign(activity, "Carl", occurrence_start=second_week)
        another_series = sign(activity, "Dina")
    assert (series.status, one_week.status, full_week.status) == ("confirmed", "confirmed", "waiting")
    # Week two is full (Aisha's series place and Bo's), so a second series sign-up must wait.
    assert another_series.status == "waiting"
    assert SignUp.objects.of_activity(activity).confirmed().of_occurrence(second_week, with_series=True).count() == 2


def test_an_occurrence_not_on_the_programme_is_refused(calendar):
    with freeze_time("2027-03-01 12:00:00+01:00"):
        activity = make_weekly_signup_activity(calendar, first_day=date(2027, 3, 9))
        with pytest.raises(services.SignUpRefused):
            sign(activity, occurrence_start=local(2027, 3, 10, 17))


def test_contact_data_leaves_after_the_retention_time(calendar, settings):
    with freeze_time("2027-03-01 12:00:00+01:00"):
        activity = make_signup_activity(calendar, starts_at=local(2027, 3, 5, 17))
        sign(activity, "Aisha")
    with freeze_time("2027-03-30 12:00:00+02:00"):
        assert services.erase_expired() == 0
    with freeze_time("2027-04-06 12:00:00+02:00"):
        assert services.erase_expired() == 1
    assert not SignUp.objects.exists()
    assert not AddressMail.objects.exists()  # the mails to the address went with it


def test_the_statuses_read_in_danish(calendar):
    from django.utils import translation

    with translation.override("da"):
        assert str(SignUpStatus.WAITING.label) == "På venteliste"


def test_nobody_is_moved_up_to_something_that_has_begun(calendar):
    with freeze_time("2027-03-01 12:00:00+01:00"):
        activity = make_signup_activity(calendar, starts_at=local(2027, 3, 5, 17), capacity=1)
        first = sign(activity, "Aisha")
        waiting = sign(activity, "Bo")
    with freeze_time("2027-03-05 17:30:00+01:00"):
        assert services.cancel(signup=first) == []
    waiting.refresh_from_db()
    assert waiting.status == "waiting"


def test_a_party_larger_than_all_the_places_is_told_at_once(client, calendar):
    activity = make_signup_activity(calendar, capacity=4)
    data = {"name": "Stor familie", "email": "stor@example.dk", "people": "6"}
    html = client.post(activity.url + "tilmeld/", data, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Der er kun 4 pladser i alt" in html
    assert 'value="Stor familie"' in html
    assert not SignUp.objects.exists()
