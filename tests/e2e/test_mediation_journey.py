"""A mediator in a real browser: opens a case, records a meeting and an agreement, and makes a referral
that is refused until the resident's consent is recorded."""

import pytest
from playwright.sync_api import expect

from estates import roles
from mediation.models import CaseAccessLog, Referral
from tests.builders import make_user
from tests.e2e.helpers import admin_login
from tests.mediation.builders import make_case, make_outreach_contact

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Hemmelig-kode-123"


def save(page) -> None:
    page.locator("button.action-save").click()
    page.wait_for_load_state("networkidle")


def test_a_mediator_records_a_meeting_an_agreement_and_a_referral_with_consent(page, live_server, home_page):
    mediator = make_user(roles.STAFF, roles.MEDIATORS, username="mikkel", password=PASSWORD, first_name="Mikkel")
    colleague = make_user(roles.STAFF, roles.MEDIATORS, username="karla")
    case = make_case(mediators=[mediator], description="Musik om natten i opgang 12.")
    hidden = make_case(mediators=[colleague], description="Kollegaens sag.")
    make_outreach_contact(name="Hanne Sørensen")

    admin_login(page, live_server.url, "mikkel", PASSWORD)
    page.get_by_role("button", name="Mægling").click()
    page.get_by_role("link", name="Sager").click()

    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    expect(page.get_by_text(hidden.reference)).to_have_count(0)  # a colleague's case is not even listed
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("textbox", name="Beskrivelse")).to_have_value("Musik om natten i opgang 12.")

    # A meeting and an agreement.
    page.locator("#id_meetings-ADD").click()
    page.locator("[name='meetings-0-held_on']").fill("2026-03-02")
    page.locator("[name='meetings-0-participants']").fill("Begge parter og mægleren")
    page.locator("[name='meetings-0-notes']").fill("God stemning. Stille timer efter kl. 22 blev foreslået.")
    page.locator("#id_agreements-ADD").click()
    page.locator("[name='agreements-0-agreed_on']").fill("2026-03-02")
    page.locator("[name='agreements-0-text']").fill("Ro i opgangen efter kl. 22 på hverdage.")
    page.locator("[name='agreements-0-follow_up_on']").fill("2026-04-01")
    save(page)

    expect(page.get_by_role("heading", name="Møder")).to_be_visible()
    expect(page.get_by_text("God stemning. Stille timer efter kl. 22 blev foreslået.")).to_be_visible()
    expect(page.get_by_text("Ro i opgangen efter kl. 22 på hverdage.")).to_be_visible()

    # A referral without consent is refused with a clear Danish message.
    page.locator("footer").get_by_role("link", name="Rediger").click()
    page.locator("#id_referrals-ADD").click()
    page.locator("[name='referrals-0-outreach_contact']").select_option(label="Hanne Sørensen (Psykiatri)")
    page.locator("[name='referrals-0-referred_on']").fill("2026-03-10")
    page.locator("[name='referrals-0-purpose']").fill("Støtte til søvn og ro.")
    save(page)

    expect(page.get_by_text("En henvisning kan ikke gemmes uden beboerens samtykke.")).to_be_visible()
    assert not Referral.objects.exists()

    # With the consent recorded, it is saved.
    page.locator("[name='referrals-0-consent_given_by']").fill("Jonas Berg")
    page.locator("[name='referrals-0-consent_given_on']").fill("2026-03-09")
    page.locator("[name='referrals-0-consent_scope']").fill("Navn og telefonnummer til socialpsykiatrien.")
    save(page)

    expect(page.get_by_role("heading", name="Henvisninger")).to_be_visible()
    expect(page.get_by_text("Jonas Berg").first).to_be_visible()
    referral = Referral.objects.get()
    assert (referral.case, referral.consent_given_by) == (case, "Jonas Berg")
    assert CaseAccessLog.objects.filter(case=case, user=mediator, action="opened").exists()
    assert CaseAccessLog.objects.filter(case=case, user=mediator, action="changed").count() == 2
