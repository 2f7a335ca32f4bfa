"""A walk before it happens, in a real browser: staff plan the walk and its follow-up meeting in the admin; a
resident on a 390 px phone finds the invitation in the list of walks and both dates in the calendar."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from estates import roles
from safety_walks.models import FollowUpMeeting, WalkPage
from tests.builders import make_area, make_organisation, make_user
from tests.community.builders import make_calendar
from tests.e2e.helpers import admin_login, assert_accessible, assert_fits_the_screen
from tests.safety_walks.builders import make_walk_index

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Hemmelig-kode-123"


def close_picker(page, field_id: str):
    """Wagtail's date and time pickers open a moment after a field gets focus; close it as a person would."""
    page.wait_for_timeout(300)
    page.keyboard.press("Escape")
    page.locator(f"#{field_id}").press("Tab")


def fill_date(page, field_id: str, value: str):
    page.locator(f"#{field_id}").fill(value)
    close_picker(page, field_id)


def test_staff_plan_a_walk_and_its_follow_up_and_a_resident_finds_both_on_a_phone(
    page, phone_page, live_server, home_page
):
    index = make_walk_index()
    make_calendar()
    make_area(name="Vestervang", slug="vestervang")
    make_organisation(name="Lokalpolitiet")
    make_organisation(name="Boligselskabets drift")
    make_user(roles.STAFF, username="sara", password=PASSWORD)
    walk_day = timezone.localdate() + timedelta(days=9)
    meeting_day = walk_day + timedelta(days=21)

    # Staff plan the walk in the page editor ...
    admin_login(page, live_server.url, "sara", PASSWORD)
    page.goto(f"/admin/pages/add/safety_walks/walkpage/{index.pk}/")
    page.locator("#id_title").fill("Tryghedsvandring i Vestervang")
    fill_date(page, "id_walk_date", f"{walk_day:%Y-%m-%d} 17:00")
    fill_date(page, "id_walk_ends_at", "19:00")
    page.get_by_label("Vestervang").check()
    page.locator("#id_meeting_point").fill("Ved cykelparkeringen foran stationen")
    page.locator("#id_route_description").fill("Langs blokkene, gennem tunnelen og hjem ad skolestien.")
    page.locator("#id_accessibility_note").fill("Ruten har ingen trapper.")
    page.get_by_label("Lokalpolitiet").check()
    page.get_by_label("Boligselskabets drift").check()
    page.locator("footer .w-dropdown__toggle.button").click()
    page.get_by_role("button", name="Udgiv", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Tryghedsvandring i Vestervang")
    walk = WalkPage.objects.get(title="Tryghedsvandring i Vestervang")

    # ... and its follow-up meeting: first a date before the walk, which is refused with the form kept.
    page.goto(f"/admin/safety_walks/followupmeeting/create/?walk={walk.pk}")
    expect(page.locator("#id_walk")).to_have_value(str(walk.pk))
    fill_date(page, "id_planned_on", f"{walk_day - timedelta(days=2):%Y-%m-%d}")
    fill_date(page, "id_starts_at", "17:00")
    fill_date(page, "id_ends_at", "19:00")
    page.locator("#id_place").fill("beboerhuset, Vestervang 4")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("body")).to_contain_text("Opfølgningsmødet kan ikke ligge før vandringen")
    expect(page.locator("#id_place")).to_have_value("beboerhuset, Vestervang 4")
    fill_date(page, "id_planned_on", f"{meeting_day:%Y-%m-%d}")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".messages")).to_contain_text("Opfølgningsmødet er planlagt")
    assert FollowUpMeeting.objects.get(walk=walk).state == "planned"

    # A resident on a phone: the list of walks shows the walk that lies ahead; its page is an invitation.
    phone_page.goto("/da/tryghedsvandringer/")
    upcoming = phone_page.get_by_role("region", name="Kommende vandringer")
    upcoming.get_by_role("link", name="Tryghedsvandring i Vestervang").tap()
    invitation = phone_page.get_by_role("region", name="Kom med på vandringen")
    expect(invitation).to_contain_text("kl. 17-19")
    expect(invitation).to_contain_text("Ved cykelparkeringen foran stationen")
    expect(invitation).to_contain_text("Lokalpolitiet")
    expect(invitation).to_contain_text("Bare mød op")
    expect(invitation).to_contain_text("Ruten har ingen trapper.")
    expect(phone_page.get_by_role("heading", name="Hvor langt er vi nået?")).to_have_count(0)
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)

    # The calendar has the walk and the follow-up meeting at their times and places.
    phone_page.goto("/da/aktiviteter/")
    walk_card = phone_page.locator(".bs-occurrence", has_text="Tryghedsvandring i Vestervang").first
    expect(walk_card).to_contain_text("17:00")
    expect(walk_card).to_contain_text("Ved cykelparkeringen foran stationen")
    meeting_card = phone_page.locator(".bs-occurrence", has_text="Opfølgningsmøde: Tryghedsvandring i Vestervang")
    expect(meeting_card).to_contain_text("17:00")
    expect(meeting_card).to_contain_text("19:00")
    expect(meeting_card).to_contain_text("beboerhuset, Vestervang 4")
    assert_fits_the_screen(phone_page)
