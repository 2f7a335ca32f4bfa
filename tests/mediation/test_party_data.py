"""A person's data: everything held about a party can be exported as a file, and erased on request."""

import json
from datetime import date

import pytest
from django.urls import reverse

from mediation.models import CaseAccessLog, Party, Referral
from tests.mediation.builders import make_case, make_meeting, make_party, make_referral

pytestmark = pytest.mark.django_db

NAME, ADDRESS = "Jonas Berg", "Nordparken 12, 3. th"


@pytest.fixture
def two_cases_about_jonas(mediator_user, colleague):
    first = make_case(mediators=[mediator_user], description=f"{NAME} spiller høj musik om natten.", parties=1)
    second = make_case(mediators=[colleague], description="Uenighed om cykler i kælderen.", parties=1)
    jonas = make_party(case=first, name=NAME, address=ADDRESS, contact="jonas@example.org")
    make_party(case=second, name="jonas  berg", address=ADDRESS.upper())  # the same person, written differently
    make_meeting(case=first, participants=f"{NAME} og naboen", notes="Aftalt at mødes igen.")
    make_referral(case=first, consent_given_by=NAME, consent_given_on=date(2026, 2, 1), referred_on=date(2026, 2, 2))
    return first, second, jonas


def export(client, party) -> dict:
    response = client.post(reverse("mediation:party_export", args=[party.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "Berg" not in disposition and "Jonas" not in disposition
    return json.loads(response.content)


def test_a_mediation_lead_exports_everything_held_about_a_person(client, mediation_lead_user, two_cases_about_jonas):
    first, second, jonas = two_cases_about_jonas
    client.force_login(mediation_lead_user)
    client.get(reverse("mediation_case_modeladmin_inspect", args=[first.pk]))

    data = export(client, jonas)

    assert data["person"]["name"] == NAME
    assert [case["reference"] for case in data["cases"]] == [first.reference, second.reference]
    about_first = data["cases"][0]
    assert about_first["party"]["contact"] == "jonas@example.org"
    assert about_first["meetings"][0]["participants"] == f"{NAME} og naboen"
    assert about_first["referrals"][0]["consent"]["given_by"] == NAME
    assert about_first["referrals"][0]["consent"]["given_on"] == "2026-02-01"
    assert {entry["user"] for entry in about_first["opened_by"]} >= {mediation_lead_user.username}
    assert "Uenighed om cykler" in data["cases"][1]["description"]
    # The export itself is logged on both cases.
    assert CaseAccessLog.objects.filter(action="exported", user=mediation_lead_user).count() == 2


def test_a_mediators_export_covers_only_their_own_cases(client, mediator_user, two_cases_about_jonas):
    first, _second, jonas = two_cases_about_jonas
    client.force_login(mediator_user)
    data = export(client, jonas)
    assert [case["reference"] for case in data["cases"]] == [first.reference]


def test_the_person_page_lists_the_cases_and_offers_export_and_erasure(client, mediator_user, two_cases_about_jonas):
    first, second, jonas = two_cases_about_jonas
    client.force_login(mediator_user)
    html = client.get(reverse("mediation:party_data", args=[jonas.pk])).content.decode()
    assert first.reference in html and second.reference not in html
    assert "Hent personens data" in html and "Slet personens data" in html


def test_erasure_needs_a_confirmation(client, mediator_user, two_cases_about_jonas):
    _first, _second, jonas = two_cases_about_jonas
    client.force_login(mediator_user)
    response = client.post(reverse("mediation:party_erase", args=[jonas.pk]), follow=True)
    assert "Sæt flueben for at bekræfte" in response.content.decode()
    assert Party.objects.filter(pk=jonas.pk).exists()


def test_a_person_is_erased_from_every_case_and_every_mention_of_their_name(
    client, mediation_lead_user, two_cases_about_jonas
):
    first, second, jonas = two_cases_about_jonas
    client.force_login(mediation_lead_user)

    response = client.post(reverse("mediation:party_erase", args=[jonas.pk]), {"confirm": "yes"}, follow=True)

    assert response.status_code == 200
    assert "Personens data er slettet fra" in response.content.decode()
    remaining = [party.name.casefold() for party in Party.objects.all()]
    assert "jonas berg" not in remaining and "jonas  berg" not in remaining
    first.refresh_from_db()
    assert NAME not in first.description and "[slettet]" in first.description
    assert NAME not in first.meetings.get().participants
    assert Referral.objects.get(case=first).consent_given_by == "Slettet part"
    assert second.parties.count() == 1  # the other party of the second case stays
    assert CaseAccessLog.objects.filter(action="party_erased").count() == 2
