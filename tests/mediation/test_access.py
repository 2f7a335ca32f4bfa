"""Only mediators reach mediation, and a mediator reaches only the cases assigned to them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mediation.models import Case
from tests.mediation.builders import make_case
from tests.mediation.conftest import PLANTED

pytestmark = pytest.mark.django_db


def case_url(action: str, case=None) -> str:
    name = f"mediation_case_modeladmin_{action}"
    return reverse(name, args=[case.pk]) if case is not None else reverse(name)


def every_mediation_url(case, party) -> list[str]:
    return [
        case_url("index"),
        case_url("create"),
        case_url("inspect", case),
        case_url("edit", case),
        case_url("delete", case),
        reverse("mediation_outreachcontact_modeladmin_index"),
        reverse("mediation_caseaccesslog_modeladmin_index"),
        reverse("mediation:statistics"),
        reverse("mediation:party_data", args=[party.pk]),
    ]


def assert_refused(response) -> None:
    """Wagtail's answer to a forbidden admin URL: back to the dashboard (or to the login), with no data."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert "/admin/mediation/" not in response["Location"] or "/login/" in response["Location"]


def test_a_mediator_lists_only_the_cases_assigned_to_them(client, mediator_user, my_case, colleagues_case):
    client.force_login(mediator_user)
    html = client.get(case_url("index")).content.decode()
    assert my_case.reference in html
    assert colleagues_case.reference not in html


def test_a_mediator_cannot_open_a_colleagues_case_by_its_url(client, mediator_user, colleagues_case):
    client.force_login(mediator_user)
    for action in ("inspect", "edit", "delete"):
        response = client.get(case_url(action, colleagues_case))
        assert_refused(response)
        followed = client.get(case_url(action, colleagues_case), follow=True).content.decode()
        assert PLANTED not in followed
        assert colleagues_case.reference not in followed


def test_a_mediator_cannot_change_or_delete_a_colleagues_case_by_posting(client, mediator_user, colleagues_case):
    client.force_login(mediator_user)
    assert_refused(client.post(case_url("edit", colleagues_case), {"description": "overskrevet"}))
    assert_refused(client.post(case_url("delete", colleagues_case)))
    colleagues_case.refresh_from_db()
    assert colleagues_case.description == PLANTED


def test_a_missing_case_and_a_colleagues_case_are_refused_alike(client, mediator_user, colleagues_case):
    client.force_login(mediator_user)
    missing = reverse("mediation_case_modeladmin_inspect", args=[colleagues_case.pk + 1000])
    theirs = client.get(case_url("inspect", colleagues_case))
    nothing = client.get(missing)
    assert (theirs.status_code, theirs["Location"]) == (nothing.status_code, nothing["Location"])


def test_a_mediator_cannot_find_a_colleagues_case_by_searching(client, mediator_user, my_case, colleagues_case):
    client.force_login(mediator_user)
    html = client.get(case_url("index"), {"q": colleagues_case.reference}).content.decode()
    assert f"/{colleagues_case.pk}/" not in html  # the search term is echoed back, but no row links to the case
    html = client.get(case_url("index"), {"q": "M-"}).content.decode()
    assert my_case.reference in html
    assert colleagues_case.reference not in html


def test_the_case_list_export_holds_only_the_mediators_own_cases(client, mediator_user, my_case, colleagues_case):
    client.force_login(mediator_user)
    response = client.get(case_url("index"), {"export": "csv"})
    assert response.status_code == 200
    exported = b"".join(response.streaming_content).decode()
    assert my_case.reference in exported
    assert colleagues_case.reference not in exported
    assert PLANTED not in exported  # narrative is never part of the list export


def test_a_mediator_cannot_export_or_erase_a_colleagues_party(client, mediator_user, colleagues_case):
    party = colleagues_case.parties.first()
    client.force_login(mediator_user)
    assert_refused(client.get(reverse("mediation:party_data", args=[party.pk])))
    export = client.post(reverse("mediation:party_export", args=[party.pk]))
    assert_refused(export)
    assert export.get("Content-Disposition") is None
    assert_refused(client.post(reverse("mediation:party_erase", args=[party.pk]), {"confirm": "yes"}))
    assert colleagues_case.parties.filter(pk=party.pk).exists()


def test_no_chooser_offers_cases(client, mediator_user, colleagues_case):
    client.force_login(mediator_user)
    for url in (
        "/admin/snippets/choose/mediation/case/",
        "/admin/snippets/mediation/case/",
        f"/admin/snippets/mediation/case/edit/{colleagues_case.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    search = client.get("/admin/search/", {"q": colleagues_case.reference}).content.decode()
    assert f"/mediation/case/inspect/{colleagues_case.pk}/" not in search
    assert search.count(colleagues_case.reference) == search.count(f'value="{colleagues_case.reference}"')


def test_a_mediation_lead_sees_every_case(client, mediation_lead_user, my_case, colleagues_case):
    client.force_login(mediation_lead_user)
    html = client.get(case_url("index")).content.decode()
    assert my_case.reference in html and colleagues_case.reference in html
    assert client.get(case_url("inspect", colleagues_case)).status_code == 200


def test_only_mediators_see_the_mediation_menu(client, mediator_user, staff_user, partner_user, superuser):
    client.force_login(mediator_user)
    assert "/admin/mediation/case/" in client.get("/admin/").content.decode()
    for user in (staff_user, partner_user, superuser):
        client.force_login(user)
        dashboard = client.get("/admin/").content.decode()
        assert "/admin/mediation/" not in dashboard, user
        assert "Mægling" not in dashboard, user


@pytest.mark.parametrize("who", ["staff_user", "partner_user", "superuser"])
def test_staff_partners_and_superusers_are_refused_every_mediation_url(request, client, who, colleagues_case):
    client.force_login(request.getfixturevalue(who))
    party = colleagues_case.parties.first()
    for url in every_mediation_url(colleagues_case, party):
        response = client.get(url)
        assert_refused(response)
        assert PLANTED not in client.get(url, follow=True).content.decode()
    assert_refused(client.post(reverse("mediation:party_export", args=[party.pk])))
    assert_refused(client.post(case_url("create"), {"description": PLANTED}))
    assert Case.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_for_every_mediation_url(client, colleagues_case):
    party = colleagues_case.parties.first()
    for url in every_mediation_url(colleagues_case, party):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_an_anonymised_case_can_be_read_but_not_changed(client, mediator_user):
    case = make_case(mediators=[mediator_user], status=Case.Status.CLOSED, outcome=Case.Outcome.RESOLVED)
    Case.objects.filter(pk=case.pk).update(anonymised_at=timezone.now(), closed_on=timezone.localdate())
    client.force_login(mediator_user)
    assert client.get(case_url("inspect", case)).status_code == 200
    assert_refused(client.get(case_url("edit", case)))


def test_only_mediation_leads_delete_cases(client, mediator_user, mediation_lead_user, my_case):
    client.force_login(mediator_user)
    assert_refused(client.post(case_url("delete", my_case)))
    assert Case.objects.filter(pk=my_case.pk).exists()
    client.force_login(mediation_lead_user)
    assert client.post(case_url("delete", my_case)).status_code == 302
    assert not Case.objects.filter(pk=my_case.pk).exists()
