"""Mediators register and work their cases in the admin: parties, meetings, agreements, referrals."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry, PageLogEntry

from mediation.models import Case, CaseAccessLog, ConflictType, Referral
from tests.builders import make_area
from tests.mediation.admin_forms import add_inline, form_data
from tests.mediation.builders import make_case, make_outreach_contact, make_referral

pytestmark = pytest.mark.django_db

CREATE = reverse("mediation_case_modeladmin_create")


def edit_url(case) -> str:
    return reverse("mediation_case_modeladmin_edit", args=[case.pk])


def inspect_url(case) -> str:
    return reverse("mediation_case_modeladmin_inspect", args=[case.pk])


def new_case_data(client, *, parties=("Familien Holm", "Jonas Berg")):
    data = form_data(client, CREATE)
    data["area"] = str(make_area(name="Nordparken").pk)
    data["channel"] = Case.Channel.RESIDENT
    data["conflict_types"] = str(ConflictType.objects.get(code="noise").pk)
    data["description"] = "Musik om natten."
    for index, name in enumerate(parties):
        data[f"parties-{index}-name"] = name
    data["parties-TOTAL_FORMS"] = str(max(len(parties), int(data["parties-TOTAL_FORMS"])))
    return data


def test_a_mediator_registers_a_case_and_is_assigned_to_it(client, mediator_user):
    client.force_login(mediator_user)
    data = new_case_data(client)
    assert data.getlist("mediators") == [str(mediator_user.pk)]  # ticked for the author by default

    response = client.post(CREATE, data)

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inspect_url(case)
    assert case.reference == f"M-{timezone.localdate().year}-001"
    assert sorted(party.name for party in case.parties.all()) == ["Familien Holm", "Jonas Berg"]
    assert list(case.mediators.all()) == [mediator_user]
    assert CaseAccessLog.objects.filter(case=case, user=mediator_user, action="created").exists()


def test_case_references_count_up_within_the_year(mediator_user):
    year = timezone.localdate().year
    first = make_case(mediators=[mediator_user])
    second = make_case(mediators=[mediator_user])
    older = make_case(mediators=[mediator_user], intake_date=timezone.localdate().replace(year=year - 1))
    assert (first.reference, second.reference) == (f"M-{year}-001", f"M-{year}-002")
    assert older.reference == f"M-{year - 1}-001"


def test_a_case_has_at_least_two_parties(client, mediator_user):
    client.force_login(mediator_user)
    data = new_case_data(client, parties=("Familien Holm",))
    for name in ("name", "address", "contact", "role"):
        data[f"parties-1-{name}"] = ""
    data["parties-1-DELETE"] = "1"
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert "En sag har mindst to parter. Tilføj den anden part." in response.content.decode()
    assert not Case.objects.exists()


def test_a_case_needs_a_mediator(client, mediator_user):
    client.force_login(mediator_user)
    data = new_case_data(client)
    data.pop("mediators")
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert "Tildel mindst én mægler til sagen." in response.content.decode()
    assert not Case.objects.exists()


def test_a_mediator_records_a_meeting_and_an_agreement(client, mediator_user, my_case):
    client.force_login(mediator_user)
    data = form_data(client, edit_url(my_case))
    add_inline(data, "meetings", held_on="2026-03-02", participants="Begge parter", notes="Stille timer aftalt.")
    add_inline(
        data,
        "agreements",
        agreed_on="2026-03-02",
        text="Ro efter kl. 22.",
        follow_up_on="2026-04-01",
        kept="not_yet_known",
    )

    response = client.post(edit_url(my_case), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert my_case.meetings.get().notes == "Stille timer aftalt."
    agreement = my_case.agreements.get()
    assert (agreement.text, agreement.follow_up_on.isoformat()) == ("Ro efter kl. 22.", "2026-04-01")
    assert CaseAccessLog.objects.filter(case=my_case, user=mediator_user, action="changed").exists()
    page = client.get(inspect_url(my_case)).content.decode()
    assert "Stille timer aftalt." in page and "Ro efter kl. 22." in page


def test_a_referral_is_refused_until_consent_is_recorded(client, mediator_user, my_case):
    contact = make_outreach_contact(name="Hanne Sørensen")
    client.force_login(mediator_user)
    data = form_data(client, edit_url(my_case))
    add_inline(
        data, "referrals", outreach_contact=str(contact.pk), referred_on="2026-03-10", purpose="Støtte til søvn."
    )

    refused = client.post(edit_url(my_case), data)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "En henvisning kan ikke gemmes uden beboerens samtykke." in html
    assert "Skal udfyldes for samtykket." in html
    assert not Referral.objects.exists()

    data["referrals-0-consent_given_by"] = "Jonas Berg"
    data["referrals-0-consent_given_on"] = "2026-03-09"
    data["referrals-0-consent_scope"] = "Navn og telefon til socialpsykiatrien."
    accepted = client.post(edit_url(my_case), data)

    assert accepted.status_code == 302
    referral = Referral.objects.get()
    assert (referral.consent_given_by, referral.outreach_contact) == ("Jonas Berg", contact)


def test_a_referral_without_consent_fails_model_validation(my_case):
    referral = Referral(case=my_case, outreach_contact=make_outreach_contact(), purpose="Hjælp.")
    with pytest.raises(ValidationError) as error:
        referral.full_clean()
    assert "consent_given_by" in error.value.message_dict


def test_consent_cannot_come_after_the_referral(my_case):
    referral = Referral(
        case=my_case,
        outreach_contact=make_outreach_contact(),
        purpose="Hjælp.",
        referred_on=date(2026, 3, 1),
        consent_given_by="Beboeren",
        consent_given_on=date(2026, 3, 5),
        consent_scope="Navn.",
    )
    with pytest.raises(ValidationError) as error:
        referral.full_clean()
    assert "consent_given_on" in error.value.message_dict


def test_an_inactive_outreach_worker_cannot_be_chosen_for_a_new_referral(my_case):
    contact = make_outreach_contact(is_active=False)
    with pytest.raises(ValidationError) as error:
        Referral(
            case=my_case,
            outreach_contact=contact,
            purpose="Hjælp.",
            consent_given_by="Beboeren",
            consent_given_on=timezone.localdate(),
            consent_scope="Navn.",
        ).full_clean()
    assert "outreach_contact" in error.value.message_dict
    existing = make_referral(case=my_case, outreach_contact=make_outreach_contact())
    existing.outreach_contact.is_active = False
    existing.outreach_contact.save()
    existing.full_clean()  # an existing referral keeps its contact


def test_closing_a_case_asks_for_the_outcome_and_dates_it(client, mediator_user, my_case):
    client.force_login(mediator_user)
    data = form_data(client, edit_url(my_case))
    data["status"] = Case.Status.CLOSED
    response = client.post(edit_url(my_case), data)
    assert response.status_code == 200
    assert "Vælg resultatet, før du lukker sagen." in response.content.decode()

    data["outcome"] = Case.Outcome.RESOLVED
    assert client.post(edit_url(my_case), data).status_code == 302
    my_case.refresh_from_db()
    assert my_case.closed_on == timezone.localdate()


def test_opening_a_case_is_logged_with_who_and_when(client, mediator_user, my_case):
    client.force_login(mediator_user)
    before = timezone.now()
    client.get(inspect_url(my_case))
    client.get(edit_url(my_case))
    entries = CaseAccessLog.objects.filter(case=my_case, action="opened")
    assert entries.count() == 2
    assert {entry.user for entry in entries} == {mediator_user}
    assert all(entry.timestamp >= before for entry in entries)


def test_the_access_log_is_for_mediation_leads_only(client, mediator_user, mediation_lead_user, my_case):
    client.force_login(mediator_user)
    client.get(inspect_url(my_case))
    log_url = reverse("mediation_caseaccesslog_modeladmin_index")
    assert client.get(log_url).status_code == 302
    assert "Hvem har åbnet sagen" not in client.get(inspect_url(my_case)).content.decode()
    assert "/admin/mediation/caseaccesslog/" not in client.get("/admin/").content.decode()

    client.force_login(mediation_lead_user)
    listing = client.get(log_url).content.decode()
    assert my_case.reference in listing and mediator_user.username in listing
    page = client.get(inspect_url(my_case)).content.decode()
    assert "Hvem har åbnet sagen" in page and mediator_user.username in page


def test_case_work_leaves_no_wagtail_log_entries(client, mediator_user, mediation_lead_user):
    client.force_login(mediator_user)
    client.post(CREATE, new_case_data(client))
    case = Case.objects.get()
    data = form_data(client, edit_url(case))
    data["description"] = "Ændret beskrivelse."
    client.post(edit_url(case), data)
    client.force_login(mediation_lead_user)
    client.post(reverse("mediation_case_modeladmin_delete", args=[case.pk]))
    assert not Case.objects.exists()
    assert not ModelLogEntry.objects.filter(content_type__app_label="mediation").exists()
    # (the users' roles, granted by the builders, are logged too, without a case)
    assert list(CaseAccessLog.objects.exclude(case_reference="").order_by("pk").values_list("action", flat=True)) == [
        "created",
        "opened",
        "changed",
        "deleted",
    ]


def test_case_work_is_logged_confidentially_with_no_case_text_in_any_label(client, mediator_user, mediation_lead_user):
    client.force_login(mediator_user)
    data = new_case_data(client)
    data["description"] = "Hemmelig beskrivelse af sagen."
    assert client.post(CREATE, data).status_code == 302
    case = Case.objects.get()
    data = form_data(client, edit_url(case))
    data["description"] = "Endnu en hemmelig beskrivelse."
    assert client.post(edit_url(case), data).status_code == 302

    # Wagtail's own views logged the change, to the confidential log registered for the model.
    assert log_action_registry.get_log_model_for_model(Case) is CaseAccessLog
    entries = CaseAccessLog.objects.filter(case=case, user=mediator_user)
    assert set(entries.values_list("action", flat=True)) == {"created", "opened", "changed"}
    assert not ModelLogEntry.objects.filter(content_type__app_label="mediation").exists()
    labels = [
        *CaseAccessLog.objects.values_list("label", flat=True),
        *ModelLogEntry.objects.values_list("label", flat=True),
    ]
    labels += PageLogEntry.objects.values_list("label", flat=True)
    for secret in ("Hemmelig", "hemmelig", "Familien Holm", "Jonas Berg", "Nordparken"):
        assert not [label for label in labels if secret in label], secret
    assert set(CaseAccessLog.objects.exclude(case_reference="").values_list("label", flat=True)) == {case.reference}

    # The lead reads it on mediation's own screen; the shared site history shows it to no one.
    client.force_login(mediation_lead_user)
    listing = client.get(reverse("mediation_caseaccesslog_modeladmin_index")).content.decode()
    assert case.reference in listing and mediator_user.username in listing
    assert "Ændret" in listing or "Oprettet" in listing
    history = client.get("/admin/reports/site-history/")
    assert history.status_code == 200
    assert case.reference not in history.content.decode()
