"""Emails people can control, in a real browser: a partner on a phone turns the weekly digest off in the
admin's account settings, and a reader follows a reminder's one-click link without logging in."""

import re

import pytest
from django.core import mail
from freezegun import freeze_time
from playwright.sync_api import expect

from estates import roles
from estates import sweep as sweeping
from estates.models import MailCategory, MailPreferences
from tests.builders import make_organisation, make_user
from tests.e2e.helpers import admin_login, assert_accessible, assert_fits_the_screen
from tests.reminders.helpers import due_reminder, source

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Hemmelig-kode-123"


def test_a_partner_on_a_phone_turns_off_the_weekly_digest_and_keeps_the_rest(phone_page, live_server, home_page):
    officer = make_user(
        roles.PARTNERS,
        organisation=make_organisation(name="Østjyllands Politi"),
        username="betjent",
        first_name="Bo",
        last_name="Betjent",
        password=PASSWORD,
    )
    page = phone_page
    admin_login(page, live_server.url, "betjent", PASSWORD, next_url="/admin/account/")

    page.get_by_role("tab", name=re.compile("Notif|Beskeder", re.I)).click()
    expect(page.get_by_text("Mails fra det boligsociale team")).to_be_visible()
    digest = page.get_by_label("Send mig det ugentlige overblik")
    expect(digest).to_be_checked()
    digest.uncheck()
    assert_fits_the_screen(page)
    page.locator("form button[type=submit]").last.click()

    expect(page.locator(".messages")).to_be_visible()  # Wagtail's own success message
    page.get_by_role("tab", name=re.compile("Notif|Beskeder", re.I)).click()
    expect(page.get_by_label("Send mig det ugentlige overblik")).not_to_be_checked()
    expect(page.get_by_label("Send mig påmindelser om frister")).to_be_checked()
    choices = MailPreferences.objects.get(user=officer)
    assert (choices.new_items, choices.reminders, choices.digest) == (True, True, False)


def test_a_reader_unsubscribes_from_reminders_with_the_link_in_the_mail_without_logging_in(page, live_server):
    officer = make_user(email="per@politi.example")
    with freeze_time("2026-12-01 08:00:00+01:00"):
        sweeping.sweep(sources=[source(due_reminder(officer, subject="Frist om en uge"))])
    (message,) = mail.outbox
    link = re.search(r"http://127\.0\.0\.1:8000(/da/boligsocial/afmeld/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{link}>"

    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", name="Afmeld", level=1)).to_be_visible()
    expect(page.get_by_text("påmindelser om frister")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, afmeld").click()

    expect(page.get_by_role("heading", name="Du er afmeldt", level=1)).to_be_visible()
    assert MailPreferences.objects.get(user=officer).reminders is False
    assert MailPreferences.objects.get(user=officer).wants(MailCategory.DIGEST)
