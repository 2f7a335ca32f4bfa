"""The case list, its export, a case's own screens and the access log, as their users see them: what each
shows and logs, in few queries (estates.modeladmin_rows, CaseAccessLogManager._log_cases)."""

import pytest
from django.urls import reverse

from mediation.models import CaseAccessLog, OutreachContact
from tests.mediation.builders import make_case, make_outreach_contact

pytestmark = pytest.mark.django_db

A = CaseAccessLog.Action
CASES = "mediation_case_modeladmin_index"


def exported(client, **params) -> str:
    response = client.get(reverse(CASES), {"export": "csv", **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_a_mediators_export_writes_and_logs_their_own_cases_only(client, mediator_user, colleague):
    mine = [make_case(mediators=[mediator_user], parties=0) for _ in range(3)]
    theirs = make_case(mediators=[colleague], parties=0)
    client.force_login(mediator_user)

    csv = exported(client)

    assert all(case.reference in csv for case in mine)
    assert theirs.reference not in csv
    logged = CaseAccessLog.objects.filter(action=A.LIST_EXPORTED)
    assert sorted(logged.values_list("case_id", flat=True)) == sorted(case.pk for case in mine)
    entry = logged.first()
    assert (entry.user, entry.user_name, entry.label) == (mediator_user, mediator_user.username, entry.case_reference)
    assert entry.object_id == str(entry.case_id)


def test_a_searched_export_logs_the_cases_it_wrote(client, mediation_lead_user):
    found = make_case(parties=0)
    other = make_case(parties=0)
    client.force_login(mediation_lead_user)

    csv = exported(client, q=found.reference)

    assert found.reference in csv and other.reference not in csv
    logged = CaseAccessLog.objects.filter(action=A.LIST_EXPORTED).values_list("case_id", flat=True)
    assert list(logged) == [found.pk]


def test_the_case_list_rows_link_each_case_and_name_its_mediators(client, mediator_user):
    case = make_case(mediators=[mediator_user], parties=0)
    client.force_login(mediator_user)

    html = client.get(reverse(CASES)).content.decode()

    assert f'data-object-pk="{case.pk}"' in html
    assert f'href="/admin/mediation/case/edit/{case.pk}/"' in html
    assert mediator_user.get_full_name() in html
    assert CaseAccessLog.objects.filter(action=A.LISTED, case=case, user=mediator_user).count() == 1


def test_an_empty_case_list_says_so(client, mediator_user):
    client.force_login(mediator_user)
    response = client.get(reverse(CASES))
    assert response.status_code == 200
    assert not CaseAccessLog.objects.filter(action=A.LISTED).exists()


def test_opening_a_case_logs_one_entry_in_few_queries(client, mediator_user, django_assert_max_num_queries):
    case = make_case(mediators=[mediator_user])
    client.force_login(mediator_user)
    url = reverse("mediation_case_modeladmin_inspect", args=[case.pk])
    client.get(url)
    CaseAccessLog.objects.all().delete()

    with django_assert_max_num_queries(21):
        assert client.get(url).status_code == 200

    entry = CaseAccessLog.objects.get()
    assert (entry.action, entry.case, entry.user, entry.label) == (A.OPENED, case, mediator_user, case.reference)


def test_a_case_outside_ones_own_is_refused_and_not_logged(client, mediator_user, colleague):
    theirs = make_case(mediators=[colleague])
    client.force_login(mediator_user)
    for action in ("inspect", "edit", "delete"):
        assert client.get(reverse(f"mediation_case_modeladmin_{action}", args=[theirs.pk])).status_code != 200
    assert not CaseAccessLog.objects.filter(case=theirs).exists()


def test_the_access_log_list_shows_labels_as_text(client, mediation_lead_user):
    make_outreach_contact(name="<script>alert(1)</script>")
    CaseAccessLog.objects.log_action(OutreachContact.objects.get(), "wagtail.edit", user=mediation_lead_user)
    client.force_login(mediation_lead_user)

    html = client.get(reverse("mediation_caseaccesslog_modeladmin_index")).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
