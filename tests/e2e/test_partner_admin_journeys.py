"""The admin side of safety walks in a real browser: a partner on a 390 px phone, the agenda on paper, and
staff taking a partner's note off the walk page."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from estates import roles
from safety_walks import services
from safety_walks.models import Finding, FindingCategory, FindingUpdate, Responsibility
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.e2e.helpers import admin_login, assert_fits_the_screen, log_in_as
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Hemmelig-kode-123"


def controls_off_the_screen(page) -> list[str]:
    """Form fields and buttons that reach past the right edge of the screen (Wagtail's main area hides the
    overflow, so the page does not scroll sideways: the control is cut off instead)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea, main button, main a.button')]
            .filter(el => { const box = el.getBoundingClientRect(); return box.width && box.right > innerWidth + 1; })
            .map(el => el.name || el.textContent.trim())"""
    )


def test_a_partner_on_a_phone_finds_the_internal_finding_marked_and_updates_an_item(phone_page, live_server, home_page):
    police = make_organisation(name="Østjyllands Politi")
    make_user(roles.PARTNERS, organisation=police, username="betjent", password=PASSWORD)
    walk = make_walk(title="Vandring i Vestparken")
    make_finding(walk, title="Knallerter på stien bag skolen", responsibilities=[(police, RS.PLACED, 1)])
    make_finding(walk, title="Salg ved garagerne", is_public=False, responsibilities=[(police, RS.PLACED, 30)])
    page = phone_page

    admin_login(page, live_server.url, "betjent", PASSWORD, next_url="/admin/safety-walks/my-items/")
    expect(page.get_by_role("heading", name="Mine opgaver", level=1)).to_be_visible()
    assert_fits_the_screen(page)
    assert not controls_off_the_screen(page)
    internal = page.locator(".my-item", has_text="Salg ved garagerne")
    expect(internal.locator(".internal-tag")).to_have_text("Internt fund")
    expect(page.locator(".my-item", has_text="Knallerter").locator(".internal-tag")).to_have_count(0)

    card = page.locator(".my-item", has_text="Knallerter på stien bag skolen")
    button = card.get_by_role("link", name="Opdatér")
    button.scroll_into_view_if_needed()
    box, viewport = button.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    card_box = card.bounding_box()
    assert box["width"] >= card_box["width"] * 0.8, (box, card_box)  # full width of the card

    internal.get_by_role("link", name="Opdatér").click()
    expect(page.get_by_text("Dette fund er internt")).to_be_visible()
    expect(page.locator("textarea[name=public_note]")).to_have_count(0)
    expect(page.get_by_text("vises på siden om vandringen")).to_have_count(0)

    page.go_back()
    page.locator(".my-item", has_text="Knallerter").get_by_role("link", name="Opdatér").click()
    note = page.get_by_label("Besked til beboerne")
    expect(note).to_be_visible()
    assert_fits_the_screen(page)
    assert not controls_off_the_screen(page)
    counter = page.locator("#id_public_note-counter")
    expect(counter).to_contain_text("2.000 af 2.000 tegn tilbage")
    text = "Vi patruljerer på stien hver fredag aften."
    note.fill(text)
    left = f"{2000 - len(text):,}".replace(",", ".") + " af 2.000 tegn tilbage"
    expect(counter).to_contain_text(left)
    expect(counter.locator("[aria-live=polite]")).to_have_text(left)  # read out once typing pauses
    note.fill("x" * 2010)
    expect(counter).to_contain_text("10 tegn for meget")
    note.fill(text)
    page.get_by_role("button", name="Gem opdatering").click()

    expect(page.locator(".messages")).to_contain_text("vises på siden om vandringen")
    assert FindingUpdate.objects.get().public_note == text


def test_the_follow_up_agenda_prints_every_organisation_on_several_pages_without_the_admin(
    page, live_server, home_page, staff_user
):
    walk = make_walk(title="Vandring i Gellerup")
    organisations = [make_organisation(name=f"Samarbejdspartner {letter}") for letter in "ABCDEFGH"]
    category = FindingCategory.objects.first()
    findings = Finding.objects.bulk_create(
        Finding(walk=walk, category=category, title=f"Opgave {n + 1} for {organisation.name}", location=f"Blok {n}")
        for organisation in organisations
        for n in range(6)
    )
    deadline = timezone.localdate(walk.walk_date) + timedelta(days=20)
    Responsibility.objects.bulk_create(
        Responsibility(
            finding=finding, organisation=organisations[index // 6], deadline=deadline, status=RS.IN_PROGRESS
        )
        for index, finding in enumerate(findings)
    )
    log_in_as(page, live_server.url, staff_user)

    page.goto(f"{live_server.url}/admin/safety-walks/walk/{walk.pk}/agenda/")
    expect(page.get_by_role("heading", name="Samarbejdspartner H")).to_be_visible()
    expect(page.locator("#wagtail-sidebar")).to_contain_text("Indstillinger")  # the chrome is there on screen
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))

    text = "\n".join(sheet.extract_text() for sheet in pdf.pages)
    assert len(pdf.pages) > 1
    for organisation in organisations:
        assert organisation.name in text
    assert "Opgave 6 for Samarbejdspartner H" in text
    for chrome in ("Indstillinger", "Billeder", "Dokumenter", "Eksportér (XLSX)", "Udskriv"):
        assert chrome not in text, chrome
    last_page = pdf.pages[-1].extract_text()
    assert "Samarbejdspartner H" in last_page


def test_staff_hide_a_partners_note_and_the_walk_page_no_longer_shows_it(page, live_server, home_page, staff_user):
    police = make_organisation(name="Politiet")
    officer = make_user(roles.PARTNERS, organisation=police)
    walk = make_walk(title="Vandring i Nord", walk_date=timezone.now() - timedelta(days=30))
    finding = make_finding(walk, title="Mørk sti", responsibilities=[(police, RS.PLACED, 40)])
    note = "Hans Hansen i nr. 7 klager over lyset."
    services.finding_record_update(
        finding=finding, author=officer, responsibility=finding.responsibilities.get(), public_note=note
    )
    page.goto(f"{live_server.url}{walk.url}")
    expect(page.get_by_text(note)).to_be_visible()
    log_in_as(page, live_server.url, staff_user)

    page.goto(f"{live_server.url}/admin/safety-walks/finding/{finding.pk}/update/")
    page.get_by_role("link", name="Skjul for beboerne").click()
    page.get_by_role("button", name="Skjul noten for beboerne").click()
    expect(page.get_by_text("Skriv, hvorfor noten skjules.")).to_be_visible()
    page.get_by_label("Hvorfor skjules noten?").fill("Navngiver en beboer")
    page.get_by_role("button", name="Skjul noten for beboerne").click()
    expect(page.locator(".messages")).to_contain_text("Noten er skjult for beboerne")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{walk.url}")
    expect(page.get_by_role("heading", name="Mørk sti").first).to_be_visible()
    expect(page.get_by_text(note)).to_have_count(0)
