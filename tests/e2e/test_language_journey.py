"""A resident reads the site in Arabic on a phone (#17): picks العربية in the header, reads the walk report and an
activity right-to-left in Arabic, the partners' Danish notes marked as Danish, and the choice is remembered."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Page

from tests.e2e.helpers import assert_accessible, assert_fits_the_screen

ARABIC_HOME_TITLE = "مرحبًا بكم في الفريق الاجتماعي للإسكان"
ARABIC_WALKS_TITLE = "جولات الأمان"
ARABIC_WALK_TITLE = "جولة الأمان في نوردباركن"
ARABIC_WALK_SUMMARY = "سار السكان وفريق الصيانة والبلدية والشرطة معًا مساء يوم ثلاثاء بعد حلول الظلام."
ARABIC_ACTIVITY_TITLE = "عشاء جماعي"
# The municipality's note for residents on a finding of the Nordparken walk: written in Danish, never translated.
PARTNER_NOTE = "Lampen er skiftet, og stien er oplyst igen."


@pytest.fixture
def arabic_pages(db):
    """The demo (`manage.py load_demo`), with its Arabic walk report and activity."""
    call_command("load_demo", stdout=io.StringIO())
    arabic = Page.objects.filter(locale__language_code="ar", alias_of__isnull=True)
    return {
        "walk": arabic.get(slug="tryghedsvandring-nordparken"),
        "activity": arabic.get(slug="faellesspisning"),
    }


def language_of(locator) -> str:
    """The language the element's text is marked as: its nearest `lang` attribute."""
    return locator.evaluate("element => element.closest('[lang]').getAttribute('lang')")


def test_a_resident_on_a_phone_reads_the_walk_report_and_an_activity_in_arabic(phone_page, arabic_pages):
    page = phone_page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/da/$"))

    page.locator(".bs-language-switch a[hreflang='ar']").click()
    expect(page).to_have_url(re.compile(r"/ar/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_have_text(ARABIC_HOME_TITLE)
    expect(page.locator(".bs-language-switch a[hreflang='ar']")).to_have_attribute("aria-current", "true")

    # To the walk report through the menu and the list of walks, all in Arabic.
    page.locator(".site-nav").get_by_role("link", name=ARABIC_WALKS_TITLE).click()
    expect(page.locator("h1")).to_have_text(ARABIC_WALKS_TITLE)
    page.get_by_role("link", name=ARABIC_WALK_TITLE).first.click()
    expect(page).to_have_url(re.compile(re.escape(arabic_pages["walk"].url) + "$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_have_text(ARABIC_WALK_TITLE)
    expect(page.get_by_text(ARABIC_WALK_SUMMARY)).to_be_visible()
    assert language_of(page.locator("h1")) == "ar"

    # The partner's note stays in Danish, and says so, so a screen reader reads it as Danish.
    note = page.get_by_text(PARTNER_NOTE).first
    expect(note).to_be_visible()
    assert language_of(note) == "da"
    assert_fits_the_screen(page)
    assert_accessible(page)

    page.goto(arabic_pages["activity"].url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text(ARABIC_ACTIVITY_TITLE)
    assert language_of(page.locator("h1")) == "ar"
    assert_fits_the_screen(page)
    assert_accessible(page)

    # The choice is remembered: an address without a language leads to the Arabic site.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ar/$"))
    expect(page.locator("h1")).to_have_text(ARABIC_HOME_TITLE)
