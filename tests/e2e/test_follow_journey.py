"""A resident on a phone follows a safety walk by email (#16): asks on the walk page, confirms with the link
in the mail, gets a digest of what changed, and unsubscribes in one click."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time
from playwright.sync_api import expect

from safety_walks.following import digest
from safety_walks.models import FindingUpdate
from safety_walks.models.following import Follower
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_area, make_organisation
from tests.e2e.helpers import assert_accessible, assert_fits_the_screen
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def link(message, part: str) -> str:
    return re.search(rf"https?://[^/\s]+(/da/boligsocial/foelg/{part}/\S+/)", message.body).group(1)


def test_a_follower_confirms_gets_a_digest_and_unsubscribes_in_one_click(phone_page, live_server, home_page):
    walk = make_walk(areas=[make_area(name="Nordparken")], title="Vandring i Nordparken")
    lamp = make_finding(walk, title="Gadelampe slukket ved stien")
    page = phone_page

    page.goto(f"{live_server.url}{walk.url}")
    box = page.locator("section.bs-follow")
    expect(box.get_by_role("heading", name="Få nyheder om denne vandring på e-mail")).to_be_visible()
    assert_accessible(page, context="section.bs-follow")
    expect(box.get_by_label("Lad dette felt være tomt")).not_to_be_in_viewport()  # the honeypot
    box.get_by_label("Din e-mailadresse").fill("beboer@example")
    box.get_by_role("button", name="Send mig nyheder på e-mail").click()
    # A typing slip: a Danish message, and what was typed is still there.
    expect(page.get_by_text("E-mailadressen ser ikke rigtig ud")).to_be_visible()
    field = page.get_by_label("Din e-mailadresse")
    expect(field).to_have_value("beboer@example")
    assert_accessible(page)
    field.fill("beboer@example.dk")
    page.get_by_role("button", name="Send mig nyheder på e-mail").click()
    expect(page.get_by_role("heading", name="Tjek din e-mail", level=1)).to_be_visible()
    assert_fits_the_screen(page)

    (confirmation,) = mail.outbox
    assert confirmation.to == ["beboer@example.dk"]
    page.goto(f"{live_server.url}{link(confirmation, 'bekraeft')}")
    page.get_by_role("button", name="Ja, send mig nyheder").click()
    expect(page.get_by_role("heading", name="Du får nu nyheder på e-mail", level=1)).to_be_visible()
    assert_accessible(page)

    # The next day: the partner has news for residents.
    with freeze_time(timezone.now() + timedelta(minutes=1)):
        FindingUpdate.objects.create(
            finding=lamp,
            organisation=make_organisation(name="Boligselskabets drift"),
            new_status=ResponsibilityStatus.IN_PROGRESS,
            public_note="Ny pære sættes i på fredag.",
            internal_note="Stigen står i kælderen",
        )
    assert digest.send_digests(now=timezone.now() + timedelta(days=1)) == 1
    news = mail.outbox[-1]
    assert "Ny pære sættes i på fredag." in news.body and "Stigen" not in news.body
    finding_path = re.search(r"https?://[^/\s]+(/\S+/fund/\d+/)", news.body).group(1)
    page.goto(f"{live_server.url}{finding_path}")
    expect(page.get_by_role("heading", name="Gadelampe slukket ved stien")).to_be_visible()

    # One click: the mail program's unsubscribe button POSTs to the List-Unsubscribe address (RFC 8058).
    unsubscribe = re.search(r"<https?://[^/]+(/\S+)>", news.extra_headers["List-Unsubscribe"]).group(1)
    response = page.request.post(f"{live_server.url}{unsubscribe}", form={"List-Unsubscribe": "One-Click"})
    assert response.ok
    assert not Follower.objects.exists()
    # The link in the mail's text now says so, in Danish.
    page.goto(f"{live_server.url}{link(news, 'afmeld')}")
    expect(page.get_by_role("heading", name="Du får ikke flere nyheder herfra", level=1)).to_be_visible()


def test_a_resident_unsubscribes_with_the_link_in_the_digest(page, live_server, home_page):
    walk = make_walk(areas=[make_area()], title="Vandring i Syd")
    follower = Follower.objects.create(email="nabo@example.dk", walk=walk, confirmed_at=timezone.now())
    Follower.objects.filter(pk=follower.pk).update(told_until=timezone.now())
    with freeze_time(timezone.now() + timedelta(minutes=1)):
        make_finding(walk, title="Graffiti på muren")
    digest.send_digests(now=timezone.now() + timedelta(hours=2))
    page.goto(f"{live_server.url}{link(mail.outbox[-1], 'afmeld')}")
    page.get_by_role("button", name="Ja, stop e-mails").click()
    expect(page.get_by_role("heading", name="Du er afmeldt", level=1)).to_be_visible()
    assert not Follower.objects.exists()
