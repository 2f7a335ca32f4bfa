"""A resident on a phone finds a children's activity in the calendar and puts it in their own calendar."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from community.choices import TargetGroupCode
from tests.community.builders import groups, local, make_activity, make_calendar
from tests.e2e.helpers import assert_accessible, assert_fits_the_screen, tab_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_days(days: int, hour: int):
    day = timezone.localdate() + timedelta(days=days)
    return local(day.year, day.month, day.day, hour)


@pytest.fixture
def calendar_with_activities(home_page):
    calendar = make_calendar(parent=home_page)
    make_activity(
        calendar,
        title="Legestue for de mindste",
        slug="legestue",
        starts_at=in_days(3, 10),
        ends_at=in_days(3, 12),
        target_groups=groups(TargetGroupCode.CHILDREN, TargetGroupCode.FAMILIES),
        place_name="Beboerhuset",
    )
    make_activity(
        calendar,
        title="Seniorgymnastik",
        starts_at=in_days(4, 10),
        target_groups=groups(TargetGroupCode.ELDERLY),
    )
    return calendar


def test_resident_on_a_phone_filters_for_childrens_activities_opens_one_and_downloads_its_ics(
    phone_page, calendar_with_activities
):
    phone_page.goto("/da/aktiviteter/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Aktiviteter")
    expect(phone_page.get_by_role("link", name="Seniorgymnastik")).to_be_visible()
    assert_fits_the_screen(phone_page)

    phone_page.get_by_label("For hvem").select_option(label="Børn")
    phone_page.get_by_role("button", name="Vis", exact=True).tap()

    expect(phone_page).to_have_url("/da/aktiviteter/?maalgruppe=boern")
    expect(phone_page.get_by_role("link", name="Seniorgymnastik")).to_have_count(0)
    host = phone_page.url.split("://", 1)[1].split("/")[0]
    subscribe = phone_page.get_by_role("link", name="Abonnér på kalenderen")
    expect(subscribe).to_have_attribute("href", f"webcal://{host}/da/aktiviteter/ical/?maalgruppe=boern")
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)

    phone_page.get_by_role("link", name="Legestue for de mindste").tap()

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Legestue for de mindste")
    expect(phone_page.get_by_text("Børn, Familier")).to_be_visible()
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)

    with phone_page.expect_download() as download_info:
        phone_page.get_by_role("link", name="Føj til din kalender (.ics)").tap()
    download = download_info.value

    assert download.suggested_filename == "legestue.ics"
    calendar = Calendar.from_ical(download.path().read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Legestue for de mindste"
    assert event.start == in_days(3, 10)


def test_the_month_view_reads_well_on_a_phone_and_leads_to_the_days_activities(phone_page, calendar_with_activities):
    phone_page.goto("/da/aktiviteter/maaned/")

    table = phone_page.get_by_role("table")
    expect(table).to_be_visible()
    expect(phone_page.get_by_role("columnheader", name="man", exact=True)).to_have_attribute("abbr", "mandag")
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)

    day = timezone.localdate() + timedelta(days=3)
    if day.month != timezone.localdate().month:
        phone_page.get_by_role("link", name="Næste måned").tap()
    phone_page.locator(f'a.bs-month__date[href*="/dag/{day.isoformat()}/"]').tap()

    expect(phone_page.get_by_role("link", name="Legestue for de mindste")).to_be_visible()


def test_keyboard_user_filters_the_calendar_and_reaches_a_day_in_the_month_table(page, calendar_with_activities):
    page.goto("/da/aktiviteter/")

    tab_until(page, lambda el: el["id"] == "filter-target-group")
    page.keyboard.press("ArrowDown")  # the first target group after "Alle"
    tab_until(page, lambda el: el["tag"] == "button" and el["text"] == "Vis")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/da/aktiviteter/\?maalgruppe=\w+"))

    tab_until(page, lambda el: el["text"] == "Måned")
    page.keyboard.press("Enter")
    expect(page.get_by_role("table")).to_be_visible()

    day = timezone.localdate() + timedelta(days=3)
    if day.month != timezone.localdate().month:
        tab_until(page, lambda el: el["text"] == "Næste måned")
        page.keyboard.press("Enter")
    tab_until(page, lambda el: f"/dag/{day.isoformat()}/" in (el["href"] or ""), limit=120)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/dag/{day.isoformat()}/"))
