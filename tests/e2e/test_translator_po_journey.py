"""A staff translator works offline on a PO file (#17): opens the walk report's Arabic translation in
wagtail-localize's editor, downloads the PO file, changes a line, uploads it, publishes, and residents read it."""

import io
import re

import polib
import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Page

from estates.demo import DEMO_PASSWORD
from tests.e2e.helpers import admin_login

SUMMARY_DA = "Beboere, driften, kommunen og politiet gik sammen en tirsdag aften i mørke."
SUMMARY_AR_BEFORE = "سار السكان وفريق الصيانة والبلدية والشرطة معًا مساء يوم ثلاثاء بعد حلول الظلام."
SUMMARY_AR_AFTER = "مشى السكان مع فريق الصيانة والبلدية والشرطة في مساء يوم ثلاثاء مظلم، ودوّنوا كل مكان غير آمن."


@pytest.fixture
def arabic_walk(db):
    """The demo (`manage.py load_demo`) and its walk report's Arabic translation."""
    call_command("load_demo", stdout=io.StringIO())
    return Page.objects.get(locale__language_code="ar", alias_of__isnull=True, slug="tryghedsvandring-nordparken")


def test_a_translator_changes_the_arabic_walk_report_through_a_po_file_and_residents_read_it(
    page, live_server, arabic_walk, tmp_path
):
    # Staff (the demo's "medarbejder") edit the plugin's pages in every language's tree.
    admin_login(page, live_server.url, "medarbejder", DEMO_PASSWORD)
    page.goto(f"/admin/pages/{arabic_walk.pk}/edit/")
    # Found by what they do, not their words (the admin's catalogues may translate wagtail-localize's).
    download_button = page.locator("a[href$='/pofile/download/']:visible").first
    expect(download_button).to_be_visible()
    expect(page.get_by_text(SUMMARY_AR_BEFORE)).to_be_visible()

    with page.expect_download() as download:
        download_button.click()
    po = polib.pofile(download.value.path().read_text(encoding="utf-8"))
    entry = po.find(SUMMARY_DA)
    assert entry is not None, [e.msgid for e in po]
    assert entry.msgstr == SUMMARY_AR_BEFORE
    entry.msgstr = SUMMARY_AR_AFTER
    changed = tmp_path / "tryghedsvandring-nordparken-ar.po"
    po.save(str(changed))

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile(r"\bPO\b")).click()
    chooser.value.set_files(str(changed))
    # The editor comes back with the uploaded line in place (not yet published).
    expect(page.get_by_text(SUMMARY_AR_AFTER)).to_be_visible()

    page.locator("button[name='action'][value='publish']").click()
    # wagtail-localize's message: "Published '<title>' in العربية."
    expect(page.locator(".messages")).to_contain_text("العربية")

    page.goto(arabic_walk.url)
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_text(SUMMARY_AR_AFTER)).to_be_visible()
    expect(page.get_by_text(SUMMARY_AR_BEFORE)).to_have_count(0)
