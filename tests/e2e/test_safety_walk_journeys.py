"""Safety walks in a real browser: a resident reads a report, staff publish one, a partner updates an item."""

import pytest
from playwright.sync_api import expect

from estates import roles
from safety_walks.models import Finding, WalkPage
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.e2e.helpers import admin_login, assert_fits_the_screen, tab_until
from tests.safety_walks.builders import make_finding, make_walk, make_walk_index

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Hemmelig-kode-123"


def close_date_picker(page):
    """Wagtail's date picker opens a moment after the field gets focus; close it as a person would."""
    page.wait_for_timeout(300)
    page.keyboard.press("Escape")
    page.locator("#id_title").click()  # focus elsewhere: the picker closes
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)


def test_resident_reads_a_walk_report_on_a_phone(phone_page, home_page):
    police = make_organisation(name="Lokalpolitiet")
    walk = make_walk(title="Tryghedsvandring i Nordparken", areas=[make_area(name="Nordparken")])
    make_finding(walk, title="Slukket lampe", responsibilities=[(police, RS.RESOLVED, 20)])
    make_finding(walk, title="Mørk sti", responsibilities=[(police, RS.IN_PROGRESS, 40)])
    make_finding(walk, title="Narkosalg", is_public=False)

    phone_page.goto("/da/tryghedsvandringer/")
    phone_page.get_by_role("link", name="Tryghedsvandring i Nordparken").tap()

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tryghedsvandring i Nordparken")
    expect(phone_page.get_by_text("1 af 2 løst").first).to_be_visible()
    findings = phone_page.get_by_role("region", name="Det fandt vi")
    expect(findings.get_by_role("heading", level=3)).to_contain_text(["Mørk sti", "Slukket lampe"])  # open first
    expect(findings).to_contain_text("Lokalpolitiet")
    expect(phone_page.locator("body")).not_to_contain_text("Narkosalg")
    assert_fits_the_screen(phone_page)


def test_keyboard_user_reaches_the_walk_list_filter_and_a_report(page, home_page):
    make_walk(title="Vandring ved søen", areas=[make_area(name="Søndergården", slug="soendergaarden")])
    page.goto("/da/tryghedsvandringer/")
    tab_until(page, lambda el: el["id"] == "id_omraade")
    page.keyboard.press("ArrowDown")
    tab_until(page, lambda el: el["tag"] == "button" and el["text"] == "Vis")
    page.keyboard.press("Enter")
    expect(page).to_have_url("/da/tryghedsvandringer/?omraade=soendergaarden&aar=")
    tab_until(page, lambda el: el["text"] == "Vandring ved søen")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandring ved søen")


def test_staff_create_a_walk_with_two_findings_and_publish_it(page, live_server, home_page):
    index = make_walk_index()
    make_area(name="Nordparken")
    make_organisation(name="Kommunen")
    make_organisation(name="Driften")
    make_user(roles.STAFF, username="sara", password=PASSWORD)
    admin_login(page, live_server.url, "sara", PASSWORD)

    page.goto(f"/admin/pages/add/safety_walks/walkpage/{index.pk}/")
    page.locator("#id_title").fill("Vandring i Nordparken")
    page.locator("#id_walk_date").fill("2026-05-12 17:00")
    close_date_picker(page)
    page.get_by_label("Nordparken").check()
    page.locator("#id_meeting_point").fill("Beboerhuset")
    page.locator("footer .w-dropdown__toggle.button").click()  # the save button's menu of more actions
    page.get_by_role("button", name="Udgiv", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Vandring i Nordparken")
    walk = WalkPage.objects.get(title="Vandring i Nordparken")
    assert walk.live

    for title, organisation in (("Slukket lampe", "Kommunen"), ("Høj hæk", "Driften")):
        page.goto(f"/admin/safety_walks/finding/create/?walk={walk.pk}")
        expect(page.locator("#id_walk")).to_have_value(str(walk.pk))
        page.locator("#id_title").fill(title)
        page.locator("#id_category").select_option(index=1)
        page.get_by_role("button", name="Ansvarlig organisation").click()
        page.locator("#id_responsibilities-0-organisation").select_option(label=organisation)
        page.locator("#id_responsibilities-0-deadline").fill("2026-06-30")
        close_date_picker(page)
        page.get_by_role("button", name="Gem").click()
        expect(page.locator(".messages")).to_contain_text(title)

    assert Finding.objects.filter(walk=walk).count() == 2
    page.goto(walk.url)
    expect(page.get_by_role("region", name="Det fandt vi")).to_contain_text("Kommunen")
    expect(page.get_by_role("region", name="Det fandt vi")).to_contain_text("Driften")


def test_partner_finds_the_overdue_item_and_residents_see_the_update(page, live_server, home_page, new_context):
    police = make_organisation(name="Lokalpolitiet")
    make_user(roles.PARTNERS, organisation=police, username="betjent", password=PASSWORD)
    walk = make_walk(title="Vandring i Syd")
    make_finding(walk, title="Knallerter på stien", responsibilities=[(police, RS.PLACED, 1)])
    make_finding(walk, title="Ny sag", responsibilities=[(police, RS.PLACED, 4000)])

    admin_login(page, live_server.url, "betjent", PASSWORD)
    page.get_by_role("link", name="Mine opgaver").first.click()
    rows = page.locator(".my-item")
    expect(rows.first).to_contain_text("Knallerter på stien")
    expect(rows.first).to_contain_text("overskredet")
    rows.first.get_by_role("link", name="Opdatér").click()
    page.get_by_label("Ny status").select_option(label="I gang")
    page.get_by_label("Besked til beboerne").fill("Vi patruljerer på stien hver fredag.")
    page.get_by_role("button", name="Gem opdatering").click()
    expect(page.locator(".messages")).to_contain_text("Tak")

    resident = new_context(viewport={"width": 390, "height": 844}).new_page()
    resident.goto(walk.url)
    card = resident.locator(".bs-finding", has_text="Knallerter på stien")
    expect(card).to_contain_text("Vi patruljerer på stien hver fredag.")
    expect(card).to_contain_text("Vi arbejder på det")
