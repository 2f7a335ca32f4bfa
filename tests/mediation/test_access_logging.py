"""Every view of a person is logged: each mediation admin screen that shows a case or a party writes one access
log entry per case it shows, in a bounded number of queries however many cases it shows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estates.models import SentReminder
from mediation import reminders as mediation_reminders
from mediation.models import CaseAccessLog
from tests.mediation.builders import make_agreement, make_case, make_outreach_contact, make_party
from tests.partners.test_permission_matrix import PLACEHOLDER, ROUTES, plugin_admin_routes

pytestmark = pytest.mark.django_db

A = CaseAccessLog.Action
# What each mediation admin route writes to the access log when its user may use it: the action, for the
# cases it shows; None for a screen that shows no case (a form for a new case, the directory, the figures).
# Refused requests write nothing. A new mediation route fails the first test until it is added here.
WRITES = {
    "admin/^mediation/case/$": A.LISTED,
    "admin/^mediation/case/create/$": None,
    "admin/^mediation/case/edit/(?P<instance_pk>[-\\w]+)/$": A.OPENED,
    "admin/^mediation/case/inspect/(?P<instance_pk>[-\\w]+)/$": A.OPENED,
    "admin/^mediation/case/delete/(?P<instance_pk>[-\\w]+)/$": A.OPENED,  # the confirmation names the case
    "admin/^mediation/outreachcontact/$": None,
    "admin/^mediation/outreachcontact/create/$": None,
    "admin/^mediation/outreachcontact/edit/(?P<instance_pk>[-\\w]+)/$": None,
    "admin/^mediation/outreachcontact/delete/(?P<instance_pk>[-\\w]+)/$": None,
    "admin/^mediation/caseaccesslog/$": A.LOG_READ,  # names who opened which case: its reading is logged
    "admin/^mediation/caseaccesslog/create/$": None,  # refused to everyone
    "admin/^mediation/caseaccesslog/edit/(?P<instance_pk>[-\\w]+)/$": None,
    "admin/^mediation/caseaccesslog/delete/(?P<instance_pk>[-\\w]+)/$": None,
    "admin/mediation/statistics/": None,  # suppressed counts only, no case
    "admin/mediation/party/<int:pk>/": A.PARTY_VIEWED,  # the person's name and each of their cases
    "admin/mediation/party/<int:pk>/export/": A.EXPORTED,
    "admin/mediation/party/<int:pk>/erase/": None,  # posted without the confirmation: nothing erased or shown
}
NO_CASE_ACTIONS = {A.LOG_READ}


def mediation_routes() -> list[str]:
    return [route for route in plugin_admin_routes() if "mediation" in route]


def test_every_mediation_admin_route_is_classified_here():
    assert set(mediation_routes()) == set(WRITES)


@pytest.fixture
def cases_of(mediator_user, colleague):
    mine = make_case(mediators=[mediator_user])
    party = make_party(case=mine, name="Karen Fortroligsen")
    theirs = make_case(mediators=[colleague])
    return {"case": mine.pk, "party": party.pk, "outreach": make_outreach_contact().pk, "mine": mine, "theirs": theirs}


def url_of(route: str, objects: dict) -> str:
    path = "/" + route.replace("^", "").replace("$", "")
    takes = ROUTES[route].takes
    if takes is None:
        return path
    pk = objects.get(takes, objects["case"]) if takes in ("case", "party", "outreach") else 0
    return PLACEHOLDER.sub(str(pk), path)


@pytest.mark.parametrize("role", ["mediator", "mediation lead"])
def test_every_screen_that_shows_a_case_logs_each_case_it_shows(
    client, role, cases_of, mediator_user, mediation_lead_user
):
    user = mediator_user if role == "mediator" else mediation_lead_user
    client.force_login(user)
    client.raise_request_exception = False
    failures = []
    for route in mediation_routes():
        screen = ROUTES[route]
        keeper = "mine" if screen.takes else None
        allowed = screen.who(role, keeper)
        before = set(CaseAccessLog.objects.values_list("pk", flat=True))
        response = getattr(client, screen.method)(url_of(route, cases_of))
        written = CaseAccessLog.objects.exclude(pk__in=before)
        actions = sorted({entry.action for entry in written})
        expected = WRITES[route] if allowed else None
        if response.status_code >= 500:
            failures.append(f"{route}: {response.status_code}")
        elif allowed and response.status_code not in (200, 302):  # the erase without confirmation redirects
            failures.append(f"{role} should reach {route}, got {response.status_code}")
        elif expected is None and actions:
            failures.append(f"{route} wrote {actions} but shows no case")
        elif expected is not None and actions != [expected]:
            failures.append(f"{route} wrote {actions}, expected {expected}")
        elif expected is not None and expected not in NO_CASE_ACTIONS:
            shown = {entry.case_id for entry in written}
            wanted = {cases_of["mine"].pk}
            if route == "admin/^mediation/case/$" and role == "mediation lead":
                wanted.add(cases_of["theirs"].pk)  # a lead's list shows every case
            if shown != wanted or written.count() != len(wanted):
                failures.append(f"{route} logged cases {shown}, expected one entry each for {wanted}")
            if any(entry.user_id != user.pk for entry in written):
                failures.append(f"{route} logged someone else")
    assert not failures, "\n".join(failures)


def test_the_party_data_page_logs_each_case_the_person_appears_in(client, mediation_lead_user, colleague):
    cases = [make_case(mediators=[colleague], parties=1) for _ in range(3)]
    parties = [make_party(case=case, name="Jonas Berg", address="Nordparken 12") for case in cases]
    client.force_login(mediation_lead_user)
    page = client.get(reverse("mediation:party_data", args=[parties[0].pk])).content.decode()
    assert "Jonas Berg" in page
    entries = CaseAccessLog.objects.filter(action=A.PARTY_VIEWED, user=mediation_lead_user)
    assert sorted(entries.values_list("case_id", flat=True)) == sorted(case.pk for case in cases)
    assert {entry.label for entry in entries} == {case.reference for case in cases}
    # The lead reads the entries on the log screen, in Danish words.
    log = client.get(reverse("mediation_caseaccesslog_modeladmin_index")).content.decode()
    assert "En persons data set" in log


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_case_list_logs_every_listed_case_in_a_bounded_number_of_queries(client, mediation_lead_user):
    index = reverse("mediation_case_modeladmin_index")
    client.force_login(mediation_lead_user)
    for _ in range(3):
        make_case(parties=0)
    client.get(index)  # warm the caches (content types, the session)
    few = queries_for(client, index)
    for _ in range(20):
        make_case(parties=0)
    many = queries_for(client, index)
    assert many == few, (few, many)
    latest = CaseAccessLog.objects.filter(action=A.LISTED).order_by("-pk")[:23]
    assert len({entry.case_id for entry in latest}) == 23


def test_the_case_list_export_logs_every_exported_case(client, mediation_lead_user):
    cases = [make_case(parties=0) for _ in range(4)]
    client.force_login(mediation_lead_user)
    response = client.get(reverse("mediation_case_modeladmin_index"), {"export": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    exported = CaseAccessLog.objects.filter(action=A.LIST_EXPORTED, user=mediation_lead_user)
    assert sorted(exported.values_list("case_id", flat=True)) == sorted(case.pk for case in cases)


def test_the_party_data_page_costs_the_same_queries_for_one_case_or_five(client, mediation_lead_user):
    def person_in(count):
        parties = [make_party(case=make_case(parties=0), name=f"Person {count}", address="Vej 1") for _ in range(count)]
        return reverse("mediation:party_data", args=[parties[0].pk])

    client.force_login(mediation_lead_user)
    client.get(person_in(1))
    assert queries_for(client, person_in(5)) == queries_for(client, person_in(1))


def test_the_reminders_log_logs_the_cases_its_follow_up_rows_name(client, mediator_user, staff_user):
    case = make_case(mediators=[mediator_user])
    agreement = make_agreement(case=case, follow_up_on=date(2026, 12, 7))
    row = SentReminder.objects.create(
        kind=mediation_reminders.KIND,
        subject_key=f"{mediation_reminders.SUBJECT_PREFIX}{agreement.pk}",
        due_on=agreement.follow_up_on,
        recipient=mediator_user,
        subject=f"Opfølgning på en aftale i sag {case.reference}",
        body_template="mediation/email/agreement_follow_up.txt",
    )
    shown = CaseAccessLog.objects.filter(action=A.REMINDER_SHOWN, case=case)

    client.force_login(staff_user)  # staff do not see the row: nothing is logged for them
    assert case.reference not in client.get(reverse("reminders:index")).content.decode()
    assert not shown.exists()

    client.force_login(mediator_user)
    assert case.reference in client.get(reverse("reminders:index")).content.decode()
    assert client.get(reverse("reminders:inspect", args=[row.pk])).status_code == 200
    assert list(shown.values_list("user_id", flat=True)) == [mediator_user.pk, mediator_user.pk]
