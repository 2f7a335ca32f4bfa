"""Browser journey: a resident on a phone reports a broken lamp with a photo (GPS in its EXIF), picks the place
on the map and gets a receipt; staff make it a finding on the next walk; the resident's private link and
mail show the new status."""

import io

from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from estates import roles
from safety_walks.models import Finding, FindingCategory
from safety_walks.models.reports import ReportStatus, ResidentReport
from tests.builders import make_area, make_user
from tests.e2e.helpers import assert_accessible, assert_fits_the_screen, log_in_as
from tests.safety_walks.builders import make_planned_walk
from tests.safety_walks.test_resident_reports import jpeg_with_gps


def test_a_resident_reports_a_broken_lamp_and_follows_it_into_a_finding(phone_page, page, live_server, home_page):
    area = make_area(name="Nordparken", slug="nordparken")
    FindingCategory.objects.get_or_create(name="Belysning")
    walk = make_planned_walk(areas=[area], title="Forårets tryghedsvandring")
    staff = make_user(roles.STAFF)
    mail.outbox.clear()

    # The resident finds the form from the walk's page, on a phone.
    phone_page.goto(walk.url)
    phone_page.get_by_role("link", name="Meld et utrygt sted").first.click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Meld et utrygt sted i Nordparken")
    assert_fits_the_screen(phone_page)

    # Sent half-filled first: a Danish message, and what was typed stays.
    phone_page.get_by_label("Hvad gør dig utryg?").fill("Lampen ved cykelskuret er i stykker")
    phone_page.get_by_role("button", name="Send meldingen").click()
    expect(phone_page.get_by_role("alert")).to_contain_text("Vælg, hvilken slags problem det er.")
    expect(phone_page.get_by_label("Hvad gør dig utryg?")).to_have_value("Lampen ved cykelskuret er i stykker")
    assert_accessible(phone_page)

    phone_page.get_by_label("Hvilken slags problem er det?").select_option(label="Belysning")
    phone_page.get_by_label("Hvor er det?").fill("Stien bag nr. 14")
    # Where JavaScript runs, a tap on the map fills in the position.
    map_box = phone_page.locator(".bs-report-map__map")
    expect(map_box).to_be_visible()
    map_box.click(position={"x": 120, "y": 90})
    expect(phone_page.get_by_text("Stedet er valgt på kortet.")).to_be_visible()
    phone_page.get_by_label("Billede (hvis du har et)").set_input_files(
        {"name": "lampe.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
    )
    phone_page.get_by_label("Din e-mailadresse (hvis du vil)").fill("beboer@example.dk")
    phone_page.get_by_role("button", name="Send meldingen").click()

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tak for din melding")
    report = ResidentReport.objects.get()
    assert report.has_position and report.photo is not None
    with report.photo.file.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif().get_ifd(0x8825)  # no GPS kept
    tracking_link = phone_page.locator(".bs-report__link")
    tracking_url = tracking_link.get_attribute("href")
    assert len(mail.outbox) == 1 and tracking_url in mail.outbox[0].body
    assert_accessible(phone_page)

    # Staff make it a finding on the planned walk.
    log_in_as(page, live_server.url, staff)
    page.goto("/admin/safety-walks/reports/")
    page.get_by_role("link", name="Lampen ved cykelskuret er i stykker").click()
    page.get_by_label("Fundets titel").fill("Lampe ved cykelskuret")
    page.get_by_label("Besked til beboeren, der meldte det").first.fill("Vi tager den med på vandringen.")
    page.get_by_role("button", name="Gør det til et fund").click()
    expect(page.get_by_text("Meldingen er nu fundet “Lampe ved cykelskuret”")).to_be_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.BECAME_FINDING
    assert Finding.objects.get(walk=walk).title == "Lampe ved cykelskuret"

    # The resident's private link and mail show the new status.
    phone_page.goto(tracking_url)
    expect(phone_page.locator(".bs-report__status")).to_have_text("Blev til et fund")
    expect(phone_page.get_by_text("Vi tager den med på vandringen.")).to_be_visible()
    assert len(mail.outbox) == 2
    assert "er blevet til et fund" in mail.outbox[1].body and tracking_url in mail.outbox[1].body
    assert_accessible(phone_page)
