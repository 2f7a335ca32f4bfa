"""One-click unsubscribe: a signed link per user and kind in every reminder, digest and new-item mail, with
RFC 8058 headers; a Danish confirmation page without login; a tampered link is a friendly 400."""

import re

import pytest
from django.core import mail
from django.test import Client
from freezegun import freeze_time

from estates import roles
from estates import sweep as sweeping
from estates.invitations import partner_invite
from estates.models import MailCategory, MailPreferences
from estates.unsubscribe import make_token
from tests.builders import make_organisation, make_user
from tests.reminders.helpers import due_reminder, source

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://127\.0\.0\.1:8000(/da/boligsocial/afmeld/[^/\s]+/)")


@pytest.fixture
def officer(db):
    return make_user(roles.PARTNERS, organisation=make_organisation(name="Politiet"), email="per@politi.example")


def digest_for(user):
    return due_reminder(user, subject_key="digest:2026-W49", subject="Overblik", category=MailCategory.DIGEST)


@freeze_time("2026-12-01 08:00:00+01:00")
def test_every_reminder_and_digest_carries_a_one_click_link_in_the_body_and_the_headers(officer):
    sweeping.sweep(sources=[source(due_reminder(officer, subject="Frist"), digest_for(officer))])

    for message in mail.outbox:
        header = message.extra_headers["List-Unsubscribe"]
        assert header.startswith("<http://127.0.0.1:8000/da/boligsocial/afmeld/") and header.endswith("/>")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert header[1:-1] in message.body
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()
    by_subject = {m.subject: m for m in mail.outbox}
    assert "Ingen flere ugentlige overblik?" in by_subject["Overblik"].body
    assert "Ingen flere påmindelser om frister?" in by_subject["Frist"].body
    # One link per kind: the digest's link does not unsubscribe from reminders.
    assert (
        by_subject["Overblik"].extra_headers["List-Unsubscribe"]
        != by_subject["Frist"].extra_headers["List-Unsubscribe"]
    )


@freeze_time("2026-12-01 08:00:00+01:00")
def test_the_link_shows_a_danish_confirmation_and_the_button_unsubscribes_without_login(client, officer):
    sweeping.sweep(sources=[source(digest_for(officer))])
    path = LINK.search(mail.outbox[0].body).group(1)

    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vil du ikke længere have mails af denne slags: ugentligt overblik?" in html
    assert "Ja, afmeld" in html
    assert not MailPreferences.objects.filter(user=officer).exists()  # a GET (a link scanner) changes nothing

    done = client.post(path)
    assert done.status_code == 200
    assert "Du er afmeldt" in done.content.decode()
    choices = MailPreferences.objects.get(user=officer)
    assert (choices.digest, choices.reminders, choices.new_items) == (False, True, True)

    mail.outbox.clear()
    with freeze_time("2026-12-08 08:00:00+01:00"):
        sweeping.sweep(sources=[source(due_reminder(officer, subject="Frist"), digest_for(officer))])
    assert [m.subject for m in mail.outbox] == ["Frist"]


def test_a_mail_providers_one_click_post_works_without_csrf_token(officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/da/boligsocial/afmeld/{make_token(officer, MailCategory.REMINDERS)}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert MailPreferences.objects.get(user=officer).reminders is False


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-3] + "abc",
        lambda token: token.replace(":", ":x", 1),
        lambda token: "ikke-et-token",
        lambda token: token[:10],
    ],
)
def test_a_tampered_link_is_a_friendly_danish_400_and_changes_nothing(client, officer, mangle):
    token = mangle(make_token(officer, MailCategory.DIGEST))

    for response in (client.get(f"/da/boligsocial/afmeld/{token}/"), client.post(f"/da/boligsocial/afmeld/{token}/")):
        assert response.status_code == 400
        assert "Dette link virker ikke" in response.content.decode()
    assert not MailPreferences.objects.exists()


def test_a_token_for_another_user_cannot_be_made_from_mine(client, officer):
    other = make_user(email="o@example.org")
    mine = make_token(officer, MailCategory.DIGEST)
    forged = make_token(other, MailCategory.DIGEST).split(":")[0] + ":" + mine.split(":", 1)[1]

    assert client.post(f"/da/boligsocial/afmeld/{forged}/").status_code == 400
    assert not MailPreferences.objects.filter(user=other).exists()


def test_an_invitation_is_a_service_mail_without_unsubscribe(officer):
    partner_invite(
        email="ny@politi.example",
        first_name="Nina",
        last_name="Nielsen",
        organisation=make_organisation(name="Kommunen"),
        invited_by=make_user(first_name="Sara", last_name="Holm"),
    )

    (message,) = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert "afmeld" not in message.body
    assert message.extra_headers["Message-ID"].endswith(".boligsocial@127.0.0.1>")
    assert re.search(r"http://127\.0\.0\.1:8000/admin/password_reset/confirm/\S+", message.body)
    assert "Sara Holm fra det boligsociale team" in message.body
