"""Addresses with a language (/da/, /ar/ ...): old addresses still lead somewhere, an admin 404 stays a 404."""

import pytest
from django.test import Client

from estates import roles
from estates.models import MailCategory, MailPreferences
from estates.unsubscribe import make_token
from tests.builders import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_an_old_address_without_a_language_leads_to_the_danish_page(client, home_page):
    response = client.get("/omraade/findes-ikke/?x=1")
    assert response.status_code == 302
    assert response["Location"] == "/da/omraade/findes-ikke/?x=1"


def test_an_old_one_click_unsubscribe_link_still_unsubscribes(home_page):
    officer = make_user(roles.PARTNERS, organisation=make_organisation(name="Politiet"), email="per@politi.example")
    old_link = f"/boligsocial/afmeld/{make_token(officer, MailCategory.REMINDERS)}/"
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        old_link, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    # A mail provider follows a 307 with the same POST; a 302 would have become a GET that changes nothing.
    assert response.status_code == 307
    assert response["Location"] == f"/da{old_link}"
    client.post(
        response["Location"], data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert MailPreferences.objects.get(user=officer).reminders is False


def test_an_admin_screens_own_404_is_not_sent_to_a_language(client, home_page):
    client.force_login(make_user(roles.STAFF, username="staff"))
    response = client.get("/admin/pages/987654/edit/")
    assert response.status_code == 404


def test_a_saved_admin_form_still_redirects_as_before(client, home_page):
    client.force_login(make_user(roles.STAFF, username="staff"))
    response = client.post("/admin/logout/")
    assert response.status_code == 302
