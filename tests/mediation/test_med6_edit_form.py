"""The case form's inline panels (mediation.inline_panels): the outreach workers read once per form, and the hidden
"add another" forms rendered once, showing what a freshly rendered one would show."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.users.models import UserProfile

from mediation import inline_panels
from tests.mediation.builders import make_agreement, make_case, make_meeting, make_outreach_contact, make_referral

pytestmark = pytest.mark.django_db

EMPTY_FORMS = ("parties", "meetings", "agreements", "referrals")


def edit_url(case) -> str:
    return reverse("mediation_case_modeladmin_edit", args=[case.pk])


def empty_form(html: str, relation: str) -> str:
    """The hidden template Wagtail's "Add ..." button copies."""
    found = re.search(rf'<template id="id_{relation}-EMPTY_FORM_TEMPLATE">(.*?)</template>', html, re.S)
    assert found, f"no empty form for {relation}"
    return found.group(1)


@pytest.fixture(autouse=True)
def nothing_rendered_yet():
    inline_panels._rendered.clear()
    yield
    inline_panels._rendered.clear()


@pytest.fixture
def full_case(mediator_user):
    case = make_case(mediators=[mediator_user], parties=3)
    make_meeting(case=case)
    make_agreement(case=case)
    make_referral(case=case)
    return case


def outreach_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(edit_url(case)).status_code == 200
    return sum('FROM "mediation_outreachcontact"' in query["sql"] for query in queries)


def test_the_outreach_workers_are_read_once_however_many_referrals(client, mediator_user, full_case):
    client.force_login(mediator_user)
    assert outreach_queries(client, full_case) == 1
    make_referral(case=full_case)
    make_referral(case=full_case)
    assert outreach_queries(client, full_case) == 1


def test_every_referral_and_the_empty_form_list_every_outreach_worker(client, mediator_user, full_case):
    second = make_outreach_contact(name="Gadeplanmedarbejder Sara")
    client.force_login(mediator_user)
    html = client.get(edit_url(full_case)).content.decode()
    options = re.findall(r'<select name="referrals-[^"]*-outreach_contact".*?</select>', html, re.S)
    assert len(options) == 2  # the case's referral and the empty form
    assert all("Gadeplanmedarbejder Sara" in select and f'value="{second.pk}"' in select for select in options)
    assert f'value="{full_case.referrals.get().outreach_contact_id}" selected' in options[0]


def test_the_empty_forms_shown_again_are_the_ones_first_rendered(client, mediator_user, full_case):
    client.force_login(mediator_user)
    first = client.get(edit_url(full_case)).content.decode()
    assert inline_panels._rendered  # kept for the next request
    again = client.get(edit_url(full_case)).content.decode()
    for relation in EMPTY_FORMS:
        assert empty_form(again, relation) == empty_form(first, relation)
    assert 'name="parties-__prefix__-name"' in empty_form(again, "parties")
    # No case data in what is kept: the empty forms name no party, meeting or referral of the case.
    kept = "".join(inline_panels._rendered.values())
    for party in full_case.parties.all():
        assert party.name not in kept
    assert full_case.referrals.get().purpose not in kept


def test_a_renamed_outreach_worker_shows_in_the_empty_form(client, mediator_user, full_case):
    worker = make_outreach_contact(name="Opsøgende Anna")
    client.force_login(mediator_user)
    assert "Opsøgende Anna" in empty_form(client.get(edit_url(full_case)).content.decode(), "referrals")
    worker.name = "Opsøgende Anne-Marie"
    worker.save()
    shown = empty_form(client.get(edit_url(full_case)).content.decode(), "referrals")
    assert "Opsøgende Anne-Marie" in shown
    assert "Opsøgende Anna" not in shown


def test_the_empty_forms_follow_the_users_language(client, mediator_user, full_case):
    client.force_login(mediator_user)
    danish = empty_form(client.get(edit_url(full_case)).content.decode(), "agreements")
    profile = UserProfile.get_for_user(mediator_user)
    profile.preferred_language = "en"
    profile.save()
    english = empty_form(client.get(edit_url(full_case)).content.decode(), "agreements")
    assert "Hvad der blev aftalt" in danish
    assert "What was agreed" in english
    assert "Hvad der blev aftalt" not in english
