"""Mediation's admin lists and statistics asked in few queries (issue #18): a list counted once when nothing
filters it, its mediators' names read for the whole page, each permission asked once per user, the access log's
own entry written in one query, and the statistics' years found without reading every case."""

from datetime import date
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mediation import access, policy, statistics
from mediation.models import Case, CaseAccessLog
from tests.mediation.builders import make_case

pytestmark = pytest.mark.django_db

CASES = "mediation_case_modeladmin_index"
LOG = "mediation_caseaccesslog_modeladmin_index"


def captured_get(client, url: str, **params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured]


def counts(sqls: list[str]) -> int:
    return sum(1 for sql in sqls if sql.startswith("SELECT COUNT(*)"))


def test_the_unfiltered_case_list_is_counted_once_and_a_filtered_one_twice(client, mediator_user, colleague):
    mine = [make_case(mediators=[mediator_user], parties=0) for _ in range(3)]
    make_case(mediators=[colleague], parties=0)
    client.force_login(mediator_user)

    html, sqls = captured_get(client, reverse(CASES))
    assert counts(sqls) == 1
    assert all(case.reference in html for case in mine)

    html, sqls = captured_get(client, reverse(CASES), q=mine[0].reference)
    assert counts(sqls) == 2  # the user's whole list and the search's, for "n of m"
    assert mine[0].reference in html


def test_the_case_list_names_every_mediator_of_each_case_in_one_query_for_the_page(
    client, mediation_lead_user, mediator_user, colleague
):
    both = make_case(mediators=[mediator_user, colleague], parties=0)
    nobody = make_case(parties=0)
    client.force_login(mediation_lead_user)

    html, sqls = captured_get(client, reverse(CASES))

    row = html.split(f'data-object-pk="{both.pk}"', 1)[1].split("</tr>", 1)[0]
    assert (mediator_user.get_full_name() or mediator_user.get_username()) in row
    assert "Karla Kollega" in row
    assert f'data-object-pk="{nobody.pk}"' in html
    assert sum(1 for sql in sqls if "mediation_case_mediators" in sql and "auth_user" in sql) == 1
    # The area is shown by its name, read along with the cases: no housing area built for the page.
    assert both.area.name in row
    (listed,) = [sql for sql in sqls if sql.startswith('SELECT "mediation_case"."id"')]
    assert '"estates_housingarea"."slug"' not in listed


def test_the_case_list_shows_the_same_buttons_as_the_policy_allows(client, mediation_lead_user):
    open_case = make_case(parties=0)
    client.force_login(mediation_lead_user)
    html, _ = captured_get(client, reverse(CASES))
    row = html.split(f'data-object-pk="{open_case.pk}"', 1)[1].split("</tr>", 1)[0]
    for action in ("inspect", "edit", "delete"):
        assert f'href="/admin/mediation/case/{action}/{open_case.pk}/"' in row


def test_each_permission_is_asked_of_the_backends_once_per_user_object(mediator_user):
    cases = [make_case(mediators=[mediator_user], parties=0) for _ in range(3)]
    user = get_user_model().objects.get(pk=mediator_user.pk)
    with mock.patch.object(type(user), "has_perm", autospec=True, side_effect=lambda self, perm: True) as asked:
        listed = list(Case.objects.visible_to(user).filter(pk__in=[case.pk for case in cases]))
        assert all(policy.can_edit(user, case) for case in listed)
        assert not any(policy.can_delete(user, case) for case in listed)  # a mediator, not a lead
    assert sorted(call.args[1] for call in asked.call_args_list) == ["mediation.change_case", "mediation.view_case"]
    fresh = get_user_model().objects.get(pk=mediator_user.pk)
    assert access.has_perm(fresh, "mediation.change_case")  # a fresh user object asks again (for real)


def test_reading_the_access_log_logs_it_in_one_query_and_counts_it_once(client, mediation_lead_user):
    make_case(parties=0)
    client.force_login(mediation_lead_user)
    client.get(reverse(LOG))
    before = CaseAccessLog.objects.filter(action=CaseAccessLog.Action.LOG_READ).count()

    html, sqls = captured_get(client, reverse(LOG))

    read = CaseAccessLog.objects.filter(action=CaseAccessLog.Action.LOG_READ)
    assert read.count() == before + 2
    entry = read.order_by("-pk").first()
    assert (entry.user_id, entry.user_name, entry.object_id) == (
        mediation_lead_user.pk,
        mediation_lead_user.get_username(),
        "-",
    )
    assert sum(1 for sql in sqls if sql.startswith('INSERT INTO "mediation_caseaccesslog"')) == 1
    assert not any(sql.startswith('SELECT 1 AS "a" FROM "django_content_type"') for sql in sqls)
    assert counts(sqls) == 1
    assert len(sqls) <= 14


def test_the_years_with_cases_are_found_with_their_gaps_in_two_queries(mediator_user):
    for year in (2019, 2021, 2021, 2024):
        make_case(mediators=[mediator_user], parties=0, intake_date=date(year, 6, 1))
    with CaptureQueriesContext(connection) as captured:
        years = statistics.years_with_cases(Case.objects.all())
    assert years == [2024, 2021, 2019]
    assert len(captured) == 2
    assert statistics.years_with_cases(Case.objects.none()) == []
    assert statistics.years_with_cases(Case.objects.filter(intake_date__year=2021)) == [2021]


def test_the_export_writes_what_modeladmins_own_rows_write(client, mediation_lead_user):
    from wagtail_modeladmin.views import IndexView

    from mediation.admin import CaseIndexView

    make_case(parties=0, status=Case.Status.CLOSED, closed_on=date(2026, 3, 1), intake_date=date(2026, 1, 5))
    make_case(parties=0, area=None, intake_date=date(2025, 11, 30))
    client.force_login(mediation_lead_user)

    def exported() -> str:
        response = client.get(reverse(CASES), {"export": "csv"})
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode()

    ours = exported()
    with (
        mock.patch.object(CaseIndexView, "_export_columns", lambda view: None),  # modeladmin's rows of cases
        mock.patch.object(CaseIndexView, "to_row_dict", IndexView.to_row_dict),
        mock.patch.object(CaseIndexView, "get_preprocess_function", IndexView.get_preprocess_function),
    ):
        theirs = exported()
    assert ours == theirs
    assert len(ours.splitlines()) == 3
    assert CaseAccessLog.objects.filter(action=CaseAccessLog.Action.LIST_EXPORTED).count() == 4
