"""Residents report a place that feels unsafe ("Meld et utrygt sted"); staff triage; the reporter follows it.

What a resident and a member of staff notice: the form (no login, Danish errors that keep what was typed,
honeypot, a friendly answer to too many reports), the receipt and its mail, the private status page, the
triage decisions and their mails, and the walk report naming findings that came from residents.
"""

import io
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from estates import outbox, roles
from estates.models import AddressMail, Photo
from estates.person_data import person_data_sources
from estates.photos import photo_clean_up
from safety_walks import services as walk_services
from safety_walks.models import Finding, FindingCategory, WalkPage
from safety_walks.models.reports import ReportStatus, ResidentReport
from safety_walks.resident_reports import mails, retention, services
from safety_walks.resident_reports.editor_panel import OpenReportsPanel
from safety_walks.resident_reports.forms import HONEYPOT
from tests.builders import make_area, make_user
from tests.safety_walks.builders import make_planned_walk, make_walk

pytestmark = pytest.mark.django_db

REPORTER_NAME = "Hemmelig Indberetter"
REPORTER_EMAIL = "indberetter.hemmelig@example.dk"
WHAT = "Lampen ved cykelskuret er i stykker, stien er helt mørk"


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.dk": (550, b"no")})


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF holds a GPS position and a camera model: what a phone photo carries."""
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    exif[0x0110] = "Telefon X"  # camera model
    exif[0x8825] = {1: "N", 2: (55.0, 40.0, 12.5), 3: "E", 4: (12.0, 33.0, 1.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the test photo must carry GPS"
    return data


def upload(data: bytes, name="lampe.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture
def area(home_page):
    return make_area(name="Nordparken", slug="nordparken")


@pytest.fixture
def lighting():
    return FindingCategory.objects.get_or_create(name="Belysning")[0]


def form_data(lighting, **overrides):
    data = {
        "what": WHAT,
        "where": "Stien bag nr. 14",
        "category": str(lighting.pk),
        "name": REPORTER_NAME,
        "email": REPORTER_EMAIL,
        HONEYPOT: "",
    }
    data.update(overrides)
    return data


def submit(client, area, data, **extra):
    return client.post(reverse("boligsocial:reports:form", args=[area.slug]), data, **extra)


def make_report(area, lighting, **kwargs) -> ResidentReport:
    kwargs.setdefault("what", WHAT)
    kwargs.setdefault("where", "Stien bag nr. 14")
    kwargs.setdefault("name", REPORTER_NAME)
    kwargs.setdefault("email", REPORTER_EMAIL)
    return services.report_submit(area=area, category=lighting, **kwargs)


# --- The form, the receipt, the mail -------------------------------------------------------------------------


def test_a_resident_reports_with_a_photo_and_gets_a_receipt_and_a_mail_with_the_private_link(
    client, area, lighting, django_capture_on_commit_callbacks
):
    form_page = client.get(reverse("boligsocial:reports:form", args=[area.slug]))
    assert form_page.status_code == 200
    assert "Meld et utrygt sted i Nordparken" in form_page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, area, {**form_data(lighting), "photo": upload(jpeg_with_gps())})

    report = ResidentReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("boligsocial:reports:receipt", args=[report.token])
    receipt = client.get(response["Location"])
    assert "Tak for din melding" in receipt.text
    status_url = reverse("boligsocial:reports:status", args=[report.token])
    assert status_url in receipt.text
    assert receipt["Referrer-Policy"] == "no-referrer"
    assert "no-store" in receipt["Cache-Control"]

    # The photo is kept without its position or camera.
    with report.photo.file.open("rb") as stored:
        kept = Image.open(io.BytesIO(stored.read()))
    assert not kept.getexif().get_ifd(0x8825)
    assert 0x0110 not in kept.getexif()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [REPORTER_EMAIL]
    assert "Nordparken" in message.subject
    assert status_url in message.body
    assert "Tak, fordi du fortalte os om et sted i Nordparken" in message.body  # Danish, as the form was
    assert report.token not in message.extra_headers["Message-ID"]
    assert AddressMail.objects.get(subject_key=f"resident_report:{report.pk}").status == AddressMail.Status.SENT


def test_errors_are_danish_and_keep_what_was_typed_and_ask_for_the_photo_again(client, area, lighting):
    response = submit(client, area, {**form_data(lighting, where="", category=""), "photo": upload(jpeg_with_gps())})
    assert response.status_code == 200
    text = response.text
    assert "Fortæl os, hvor det er, eller vælg stedet på kortet." in text
    assert "Vælg, hvilken slags problem det er." in text
    assert WHAT in text  # what was typed stays
    assert REPORTER_EMAIL in text
    assert "Dit billede blev ikke gemt på grund af fejlen: vælg det igen" in text
    assert not ResidentReport.objects.exists()


def test_a_point_on_the_map_is_enough_for_where(client, area, lighting):
    response = submit(client, area, form_data(lighting, where="", latitude="55.676098", longitude="12.568337"))
    assert response.status_code == 302
    report = ResidentReport.objects.get()
    assert report.has_position and report.where == ""


def test_a_bot_that_fills_the_honeypot_sees_thanks_and_nothing_is_kept(client, area, lighting):
    response = submit(client, area, form_data(lighting, **{HONEYPOT: "http://spam.example"}))
    assert response.status_code == 302
    assert response["Location"] == reverse("boligsocial:reports:thanks")
    assert "Tak for din melding" in client.get(response["Location"]).text
    assert not ResidentReport.objects.exists()


def test_too_many_reports_from_one_address_get_a_friendly_429_that_keeps_the_text(client, area, lighting, settings):
    settings.BOLIGSOCIAL_REPORTS_PER_ADDRESS_PER_HOUR = 2
    for _ in range(2):
        assert submit(client, area, form_data(lighting)).status_code == 302
    response = submit(client, area, form_data(lighting, what="En tredje melding om det samme"))
    assert response.status_code == 429
    assert "Vent lidt" in response.text
    assert "En tredje melding om det samme" in response.text
    assert ResidentReport.objects.count() == 2
    # Another address is not held back.
    assert submit(client, area, form_data(lighting), REMOTE_ADDR="10.9.8.7").status_code == 302


def test_the_form_answers_odd_input_with_messages_never_a_500(client, area, lighting):
    odd = form_data(lighting, category="999999", latitude="abc", longitude="12", email="ikke-en-adresse")
    response = submit(client, area, {**odd, "photo": upload(b"not an image", "x.jpg")})
    assert response.status_code == 200
    assert "Skriv hele e-mailadressen" in response.text
    assert client.get(reverse("boligsocial:reports:form", args=["findes-ikke"])).status_code == 404
    assert client.get(reverse("boligsocial:reports:status", args=["forkert-token"])).status_code == 404


def test_walk_pages_and_the_walk_list_link_to_the_form(client, area):
    walk = make_walk(areas=[area])
    page = client.get(walk.url)
    assert reverse("boligsocial:reports:form", args=[area.slug]) in page.text
    assert "Meld et utrygt sted" in page.text
    index = client.get(walk.get_parent().url)
    assert reverse("boligsocial:reports:choose_area") in index.text
    choose = client.get(reverse("boligsocial:reports:choose_area"))
    assert reverse("boligsocial:reports:form", args=[area.slug]) in choose.text


# --- Staff triage and what the reporter sees -----------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_staff_turn_a_report_into_a_finding_on_a_planned_walk_and_the_reporter_is_told(
    staff_client, area, lighting, django_capture_on_commit_callbacks
):
    walk = make_planned_walk(areas=[area], title="Forårsvandring")
    report = make_report(area, lighting)
    mail.outbox.clear()
    detail = staff_client.get(reverse("safety_walks_resident_report", args=[report.pk]))
    assert detail.status_code == 200
    assert REPORTER_EMAIL in detail.text  # staff see the contact data
    assert "Forårsvandring" in detail.text

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("safety_walks_resident_report", args=[report.pk]),
            {
                "action": "finding",
                "walk": walk.pk,
                "title": "Lampe ved cykelskuret",
                "description": WHAT,
                "priority": "1",
                "is_public": "on",
                "message": "Vi tager den med på vandringen i foråret.",
            },
        )
    assert response.status_code == 302
    report.refresh_from_db()
    finding = Finding.objects.get(walk=walk)
    assert report.status == ReportStatus.BECAME_FINDING and report.finding == finding
    assert finding.title == "Lampe ved cykelskuret" and finding.category == lighting

    assert len(mail.outbox) == 1
    assert "Vi tager den med på vandringen i foråret." in mail.outbox[0].body
    status_page = staff_client.get(reverse("boligsocial:reports:status", args=[report.token]))
    assert "Blev til et fund" in status_page.text
    assert "Vi tager den med på vandringen i foråret." in status_page.text
    assert walk.finding_url(finding) in status_page.text


def test_closing_needs_a_reason_which_the_reporter_reads(staff_client, area, lighting):
    report = make_report(area, lighting)
    url = reverse("safety_walks_resident_report", args=[report.pk])
    refused = staff_client.post(url, {"action": "close", "reason": ""})
    assert refused.status_code == 200
    assert "Fortæl beboeren, hvorfor meldingen er lukket." in refused.text
    staff_client.post(url, {"action": "close", "reason": "Lampen er allerede skiftet."})
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    status_page = staff_client.get(reverse("boligsocial:reports:status", args=[report.token]))
    assert "Lampen er allerede skiftet." in status_page.text


def test_a_merged_report_follows_the_one_it_repeats(staff_client, area, lighting):
    first = make_report(area, lighting, email="")
    second = make_report(area, lighting, what="Samme lampe, mørkt ved skuret")
    staff_client.post(reverse("safety_walks_resident_report", args=[second.pk]), {"action": "merge", "into": first.pk})
    second.refresh_from_db()
    assert second.status == ReportStatus.MERGED and second.merged_into == first
    assert "En anden beboer har meldt det samme sted i Nordparken" in mail.outbox[-1].body
    mails_before = len(mail.outbox)
    services.report_close(report=first, user=make_user(roles.STAFF), reason="Skiftet i går.")
    page = staff_client.get(reverse("boligsocial:reports:status", args=[second.token]))
    assert "Skiftet i går." in page.text
    assert "Samme lampe, mørkt ved skuret" in page.text
    # The second reporter learns the outcome by mail too (the first gave no address).
    assert len(mail.outbox) == mails_before + 1
    assert mail.outbox[-1].to == [REPORTER_EMAIL] and "Skiftet i går." in mail.outbox[-1].body


def test_the_list_filters_by_area_and_planning_a_walk_shows_its_areas_open_reports(staff_client, area, lighting):
    other_area = make_area(name="Sydparken", slug="sydparken")
    make_report(area, lighting, what="Mørk sti i Nordparken", latitude="55.1", longitude="12.1")
    make_report(other_area, lighting, what="Graffiti i Sydparken")
    listing = staff_client.get(reverse("safety_walks_resident_reports"), {"area": area.pk})
    assert "Mørk sti i Nordparken" in listing.text and "Graffiti i Sydparken" not in listing.text
    assert "sw-report-markers" in listing.text  # the map's data

    walk = make_planned_walk(areas=[area])
    planning = staff_client.get(reverse("safety_walks_resident_reports"), {"walk": walk.pk})
    assert "Mørk sti i Nordparken" in planning.text and "Graffiti i Sydparken" not in planning.text
    editor = staff_client.get(reverse("wagtailadmin_pages:edit", args=[walk.pk]))
    assert f"{reverse('safety_walks_resident_reports')}?walk={walk.pk}" in editor.text


def test_partners_and_the_public_never_reach_reports_or_their_photos(client, partner_user, area, lighting, staff_user):
    report = make_report(area, lighting, photo_upload=upload(jpeg_with_gps()))
    photo_url = report.photo.url("thumb")
    assert client.get(photo_url).status_code == 404
    client.force_login(partner_user)
    for url in (reverse("safety_walks_resident_reports"), reverse("safety_walks_resident_report", args=[report.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert WHAT not in response.text
    assert client.get(photo_url).status_code == 404
    client.force_login(staff_user)
    assert client.get(photo_url).status_code == 200


# --- Privacy: nothing of a report is public until it is a finding; the reporter never -----------------------


def test_an_unaccepted_report_appears_on_no_page_api_or_search(client, area, lighting):
    walk = make_walk(areas=[area])
    make_report(area, lighting, what="Unikt utrygt hjørne zyxwv")
    urls = (
        walk.url,
        "/api/v2/pages/?type=safety_walks.WalkPage&fields=*",
        "/da/search/?query=zyxwv",
        "/sitemap.xml",
        reverse("boligsocial:following:walk_feed", args=[walk.pk]),
        reverse("boligsocial:following:area_feed", args=[area.slug]),
    )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "zyxwv" not in response.text.replace("query=zyxwv", "").replace("%3Dzyxwv", "").replace(
            'value="zyxwv"', ""
        ), url


def test_a_finding_from_a_report_is_marked_from_residents_and_shows_no_reporter_data(
    client, area, lighting, staff_user, partner_user, partner_organisation
):
    walk = make_walk(areas=[area])
    report = make_report(area, lighting, photo_upload=upload(jpeg_with_gps()))
    finding = services.report_to_finding(report=report, walk=walk, user=staff_user, title="Lampe ved skuret")
    walk_services.responsibility_assign(finding=finding, organisation=partner_organisation)
    pages = [
        walk.url,
        walk.finding_url(finding),
        f"/api/v2/pages/{walk.pk}/",
        "/da/search/?query=Lampe",
        reverse("boligsocial:following:walk_feed", args=[walk.pk]),
        reverse("boligsocial:following:area_feed", args=[area.slug]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert REPORTER_NAME not in response.text and REPORTER_EMAIL not in response.text, url
        assert report.token not in response.text, url
    assert "Meldt af beboere mellem vandringerne" in client.get(walk.url).text
    assert "Lampe ved skuret" in client.get(reverse("boligsocial:following:walk_feed", args=[walk.pk])).text
    assert client.get(report.photo.url("thumb")).status_code == 404  # the photo was not given to the finding

    client.force_login(partner_user)
    for url in (
        reverse("safety_walks_finding_modeladmin_index"),
        reverse("safety_walks_finding_modeladmin_inspect", args=[finding.pk]),
        reverse("safety_walks_my_items"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert REPORTER_NAME not in response.text and REPORTER_EMAIL not in response.text, url


def test_the_status_page_never_shows_the_reporters_contact_data(client, area, lighting):
    report = make_report(area, lighting)
    page = client.get(reverse("boligsocial:reports:status", args=[report.token]))
    assert WHAT in page.text
    assert REPORTER_NAME not in page.text and REPORTER_EMAIL not in page.text
    assert page["X-Robots-Tag"].startswith("noindex")


# --- Retention, export, erasure ------------------------------------------------------------------------------


def test_contact_data_is_removed_the_set_number_of_months_after_closing(area, lighting, staff_user, settings):
    settings.BOLIGSOCIAL_REPORT_CONTACT_RETENTION_MONTHS = 3
    old = make_report(area, lighting)
    services.report_close(report=old, user=staff_user, reason="Ordnet.")
    recent = make_report(area, lighting)
    services.report_close(report=recent, user=staff_user, reason="Ordnet.")
    still_new = make_report(area, lighting)
    ResidentReport.objects.filter(pk__in=[old.pk, still_new.pk]).update(
        handled_at=timezone.now() - timedelta(days=100), created_at=timezone.now() - timedelta(days=100)
    )
    assert retention.remove_expired_contact_data() == 1
    old.refresh_from_db(), recent.refresh_from_db(), still_new.refresh_from_db()
    assert old.name == old.email == "" and old.contact_removed_at and old.what == WHAT
    assert recent.email == REPORTER_EMAIL and still_new.email == REPORTER_EMAIL


def test_the_person_data_export_finds_and_erasure_removes_a_reporter(area, lighting):
    report = make_report(area, lighting, photo_upload=upload(jpeg_with_gps()))
    make_report(area, lighting, email="en.anden@example.dk", name="En Anden")
    sections = [source.find(email=REPORTER_EMAIL.upper(), phone="") for source in person_data_sources()]
    ours = [section for section in sections if section.title == "Meldinger om utrygge steder"]
    assert len(ours) == 1 and len(ours[0].rows) == 1
    assert REPORTER_NAME in ours[0].rows[0] and WHAT in ours[0].rows[0]
    erased = sum(source.erase(email=REPORTER_EMAIL, phone="") for source in person_data_sources())
    assert erased >= 1
    report.refresh_from_db()
    assert report.name == report.email == "" and report.photo is None
    assert ResidentReport.objects.filter(email="en.anden@example.dk").exists()


def test_staffs_dashboard_shows_new_reports_and_partners_dashboard_does_not(
    client, staff_user, partner_user, area, lighting
):
    make_report(area, lighting, what="Væltet hegn ved legepladsen")
    client.force_login(staff_user)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "1 ny melding fra beboere" in dashboard.text and "Væltet hegn ved legepladsen" in dashboard.text
    client.force_login(partner_user)
    assert "Væltet hegn ved legepladsen" not in client.get(reverse("wagtailadmin_home")).text


def test_the_residents_photo_is_public_only_when_staff_give_it_to_a_public_finding(client, area, lighting, staff_user):
    walk = make_walk(areas=[area])
    shown = make_report(area, lighting, photo_upload=upload(jpeg_with_gps()))
    internal = make_report(area, lighting, photo_upload=upload(jpeg_with_gps()))
    services.report_to_finding(report=shown, walk=walk, user=staff_user, title="Lampe", use_photo=True)
    services.report_to_finding(
        report=internal, walk=walk, user=staff_user, title="Handel", use_photo=True, is_public=False
    )
    assert client.get(shown.photo.url("thumb")).status_code == 200
    assert client.get(internal.photo.url("thumb")).status_code == 404


def test_the_nightly_photo_clean_up_keeps_the_photos_of_reports(area, lighting):
    report = make_report(area, lighting, photo_upload=upload(jpeg_with_gps()))
    Photo.objects.filter(pk=report.photo_id).update(created_at=timezone.now() - timedelta(days=3))
    photo_clean_up()
    assert Photo.objects.filter(pk=report.photo_id).exists()


def test_a_status_mail_goes_once_and_a_failed_one_is_tried_again_by_the_nightly_run(client, area, lighting, settings):
    report = make_report(area, lighting)
    assert len(mail.outbox) == 1
    mails.tell_reporter(report)  # told again of the same status (a repeated task): nothing new to send
    assert len(mail.outbox) == 1

    settings.EMAIL_BACKEND = "tests.safety_walks.test_resident_reports.FailingBackend"
    # The mail server refuses: the resident still gets the receipt page, never an error.
    response = submit(client, area, form_data(lighting, email="andet@example.dk"))
    assert response.status_code == 302
    failing = ResidentReport.objects.get(email="andet@example.dk")
    row = AddressMail.objects.get(subject_key=f"resident_report:{failing.pk}")
    assert row.status == AddressMail.Status.FAILED and row.last_error == "SMTPRecipientsRefused"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.retry_events() == 0  # not before its backoff has passed
    assert outbox.retry_events(now=timezone.now() + timedelta(minutes=6)) == 1
    assert [message.to for message in mail.outbox] == [[REPORTER_EMAIL], ["andet@example.dk"]]


def test_the_walk_editors_panel_lists_the_areas_open_reports_for_staff_only(
    rf, area, lighting, staff_user, partner_user
):
    walk = make_planned_walk(areas=[area])
    make_report(area, lighting, what="Mørk sti ved garagerne", latitude="55.1", longitude="12.1")
    closed = make_report(area, lighting, what="Allerede lukket melding")
    services.report_close(report=closed, user=staff_user, reason="Ordnet.")
    make_report(make_area(), lighting, what="Melding fra et andet område")
    panel = OpenReportsPanel(heading="Meldinger fra beboere").bind_to_model(WalkPage)

    request = rf.get("/da/")
    request.user = staff_user
    bound = panel.get_bound_panel(instance=walk, request=request, form=None)
    html = bound.render_html()
    assert "Mørk sti ved garagerne" in html and "sw-walk-report-markers" in html
    assert "Allerede lukket melding" not in html and "Melding fra et andet område" not in html

    request.user = partner_user
    assert not panel.get_bound_panel(instance=walk, request=request, form=None).is_shown()
