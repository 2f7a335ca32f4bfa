"""A resident on a phone: the home page, their own housing area, and getting around by keyboard."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from estates import roles
from tests.builders import make_area, make_user
from tests.e2e.helpers import admin_login, assert_fits_the_screen, focused

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_resident_reads_the_home_page_on_a_phone_and_taps_their_housing_area(phone_page, home_page):
    make_area(name="Nordparken", slug="nordparken", description="Rækkehuse nord for centret.")
    make_area(name="Vestervang", slug="vestervang", description="Lave blokke ved stationen.")

    phone_page.goto("/")

    expect(phone_page).to_have_title("Velkommen – Det boligsociale team")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Velkommen")
    expect(phone_page.get_by_role("search")).to_be_visible()
    expect(phone_page.get_by_role("contentinfo")).to_contain_text("Kontakt")
    assert_fits_the_screen(phone_page)

    areas = phone_page.get_by_role("navigation", name="Boligområder")
    expect(areas.get_by_role("link", name="Alle områder")).to_have_attribute("aria-current", "page")
    areas.get_by_role("link", name="Vestervang").tap()

    expect(phone_page).to_have_url("/da/omraade/vestervang/")
    expect(phone_page).to_have_title("Vestervang – Det boligsociale team")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Vestervang")
    expect(phone_page.get_by_text("Lave blokke ved stationen.")).to_be_visible()
    expect(areas.get_by_role("link", name="Vestervang")).to_have_attribute("aria-current", "page")
    expect(areas.get_by_role("link", name="Alle områder")).not_to_have_attribute("aria-current", "page")
    assert_fits_the_screen(phone_page)


def test_keyboard_user_skips_past_the_header_straight_to_the_content(page, home_page):
    make_area(name="Nordparken", slug="nordparken")
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = focused(page)
    assert skip_link["href"] == "#main", f"The first Tab stop should be the skip link, not {skip_link}"
    expect(page.get_by_role("link", name="Spring til indholdet")).to_be_visible()

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    page.keyboard.press("Tab")
    in_header = page.evaluate("() => document.querySelector('header').contains(document.activeElement)")
    assert not in_header, f"After the skip link, Tab went back into the header: {focused(page)}"


def test_role_groups_survive_between_live_server_tests_so_staff_can_log_in(page, live_server, home_page):
    # Live-server tests flush the database; serialized rollback must bring back the migrations' role groups.
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    make_user(roles.STAFF, username="sara", password="Hemmelig-kode-123")

    admin_login(page, live_server.url, "sara", "Hemmelig-kode-123")

    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("main")).to_be_visible()
