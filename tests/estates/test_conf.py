"""Plugin settings read in one place: optional ones fall back to their documented default, and every
absolute link is built from Wagtail's WAGTAILADMIN_BASE_URL (the plugin reads no private BASE_URL)."""

import pytest
from django.core import mail

from estates import conf
from estates.invitations import partner_invite
from estates.mail import absolute_url
from tests.builders import make_organisation, make_user


def test_a_host_without_the_optional_settings_gets_the_documented_defaults(settings):
    del settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    del settings.WAGTAIL_SITE_NAME
    assert conf.setting("WAGTAILIMAGES_MAX_UPLOAD_SIZE") == 10 * 1024 * 1024
    assert conf.setting("WAGTAIL_SITE_NAME") == "Boligsocialt team"
    assert conf.setting("BOLIGSOCIAL_BASE_TEMPLATE") == "base.html"


def test_the_hosts_value_wins_over_the_default(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2 * 1024 * 1024
    assert conf.setting("WAGTAILIMAGES_MAX_UPLOAD_SIZE") == 2 * 1024 * 1024


def test_links_in_emails_start_with_wagtails_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://tryghed.example/"
    assert absolute_url("/admin/safety-walks/") == "https://tryghed.example/admin/safety-walks/"
    assert absolute_url("") == "https://tryghed.example/admin/"
    assert absolute_url("https://andet.example/x/") == "https://andet.example/x/"


@pytest.mark.django_db
def test_a_partners_invitation_links_to_the_hosts_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://tryghed.example"
    police = make_organisation(name="Politiet")
    partner_invite(
        email="ny@politi.example", first_name="Nina", last_name="Nielsen", organisation=police, invited_by=make_user()
    )
    body = mail.outbox[-1].body
    assert "https://tryghed.example/admin/password_reset/confirm/" in body
    assert "https://tryghed.example/admin/login/" in body
