"""No 5xx in mediation: odd filters, searches, pages and ids in the mediation admin are answered with the
list and a Danish message, or a refusal, never an error page (run on SQLite and on PostgreSQL)."""

import pytest
from django.urls import reverse

from tests.mediation.builders import make_case, make_outreach_contact

pytestmark = pytest.mark.django_db

CASES = reverse("mediation_case_modeladmin_index")
CLEARED = "Filteret eller søgningen i adressen kunne ikke læses"
HUGE = "9" * 30

ODD_CASE_LIST_PARAMETERS = [
    {"area__id__exact": "x"},
    {"area__id__exact": "-1"},
    {"area__id__exact": HUGE},
    {"area__id__exact": "1\x00"},
    {"area__isnull": "x"},
    {"status__exact": "\x00"},
    {"status__exact": "ø" * 5000},
    {"q": "\x00"},
    {"q": "M-2026-\x00"},
    {"q": "'\"%_\\"},
    {"q": "x" * 10000},
    {"p": HUGE},
    {"p": "-5"},
    {"p": "x"},
    {"o": "99"},
    {"o": "x.y"},
    {"o": "-0"},
    {"ot": "\x00"},
    {"\x00": "1"},
    {"export": "\x00"},
    {"export": "xlsx", "area__id__exact": "x"},
]


@pytest.mark.parametrize("params", ODD_CASE_LIST_PARAMETERS, ids=lambda params: repr(params)[:40])
def test_odd_filters_on_the_case_list_answer_without_a_server_error(client, mediator_user, params):
    make_case(mediators=[mediator_user])
    client.force_login(mediator_user)
    client.raise_request_exception = False
    response = client.get(CASES, params)
    assert response.status_code < 500, response.status_code
    if response.status_code == 302:
        assert response["Location"] == CASES
        page = client.get(response["Location"]).content.decode()
        assert CLEARED in page  # the message says why the filter is gone


def test_a_filter_that_cannot_be_read_keeps_the_list_and_says_so(client, mediator_user):
    case = make_case(mediators=[mediator_user])
    client.force_login(mediator_user)
    response = client.get(CASES, {"area__id__exact": "x"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert case.reference in page and CLEARED in page


@pytest.mark.parametrize(
    "url",
    [
        "/admin/mediation/case/inspect/x/",
        f"/admin/mediation/case/inspect/{HUGE}/",
        "/admin/mediation/case/edit/-1/",
        "/admin/mediation/case/edit/%00/",
        f"/admin/mediation/party/{HUGE}/",
        "/admin/mediation/statistics/?year=%00",
        f"/admin/mediation/statistics/?year={HUGE}",
        "/admin/mediation/statistics/?year=-1",
        "/admin/mediation/caseaccesslog/?action__exact=%00",
        "/admin/mediation/caseaccesslog/?q=%00",
        f"/admin/mediation/caseaccesslog/?p={HUGE}",
        "/admin/mediation/outreachcontact/?is_active__exact=x",
        "/admin/mediation/outreachcontact/?field_of_work__exact=%00",
        f"/admin/mediation/outreachcontact/edit/{HUGE}/",
    ],
)
def test_odd_ids_and_parameters_elsewhere_in_mediation_answer_without_a_server_error(client, mediation_lead_user, url):
    make_case(mediators=[mediation_lead_user])
    make_outreach_contact()
    client.force_login(mediation_lead_user)
    client.raise_request_exception = False
    assert client.get(url).status_code < 500


def test_odd_posts_to_the_person_screens_answer_without_a_server_error(client, mediation_lead_user):
    client.force_login(mediation_lead_user)
    client.raise_request_exception = False
    case = make_case(mediators=[mediation_lead_user])
    party = case.parties.first()
    assert client.post(reverse("mediation:party_erase", args=[party.pk]), {"confirm": "\x00"}).status_code == 302
    assert client.post(f"/admin/mediation/party/{HUGE}/export/").status_code in (302, 403)  # refused
    assert case.parties.count() == 2
