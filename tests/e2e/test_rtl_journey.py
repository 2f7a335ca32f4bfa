"""An Arabic reader on a phone: the pages run right to left, mirror the Danish layout, fit the screen, pass axe
and show dates as Arabic writes them (issue #17)."""

from datetime import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from tests.e2e.helpers import assert_accessible, assert_fits_the_screen
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def skip_link_box(page: Page) -> dict:
    """Where the skip link shows once it has keyboard focus (its first Tab stop)."""
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    return box(page, ".skip-link")


def test_an_arabic_reader_gets_a_mirrored_page_that_fits_and_passes_axe(phone_page, home_page):
    walk = make_walk(title="Tryghedsvandring i Nordparken", walk_date=timezone.make_aware(datetime(2026, 4, 30, 17, 0)))
    make_finding(walk, title="Mørk sti bag børnehaven")
    # Arabic synchronised from Danish, as an installation sets it up: the walk has an Arabic page (an alias).
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    synchronize_tree(Locale.get_default(), arabic)
    width = phone_page.viewport_size["width"]

    # The Danish page first: the layout an Arabic page must mirror.
    phone_page.goto(walk.url)
    expect(phone_page.locator("html")).to_have_attribute("dir", "ltr")
    danish_skip = skip_link_box(phone_page)
    danish_brand = box(phone_page, ".site-header__brand")
    assert danish_skip["x"] < width / 2 and danish_brand["x"] < width / 2

    phone_page.goto(walk.get_translation(arabic).url)

    html = phone_page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    # The hidden skip link waits off the start edge: on the right it would have widened the page to 1,389 px.
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)

    # Mirrored: the skip link and the site's name start at the right edge, as far in as they were from the left.
    arabic_skip = skip_link_box(phone_page)
    arabic_brand = box(phone_page, ".site-header__brand")
    assert abs((width - (arabic_skip["x"] + arabic_skip["width"])) - danish_skip["x"]) <= 1
    assert abs((width - (arabic_brand["x"] + arabic_brand["width"])) - danish_brand["x"]) <= 1

    # The walk's date and time as Arabic writes them, not the Danish "30. april 2026, 17:00".
    expect(phone_page.locator(".bs-page time").first).to_have_text("30 إبريل، 2026، 5:00 م")

    # A finding's timeline runs down the right-hand side, its line at the start edge.
    phone_page.locator("a[href*='/fund/']").first.click()
    expect(phone_page.locator("html")).to_have_attribute("dir", "rtl")
    borders = phone_page.locator(".bs-timeline").evaluate(
        "el => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]"
    )
    assert borders == ["3px", "0px"]
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)
