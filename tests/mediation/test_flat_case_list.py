"""The case list stays flat as cases grow: the same queries for a few cases or for pages of them, counted once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mediation.models import Case, Party
from tests.mediation.builders import make_case

pytestmark = pytest.mark.django_db

CASES = "/admin/mediation/case/"


def more_cases(count: int, *, like: Case, start: int) -> None:
    """`count` cases in bulk (a backlog), each with two parties, in the same area as `like`."""
    cases = Case.objects.bulk_create(
        Case(reference=f"M-2026-{n:04d}", area=like.area, channel=like.channel, intake_date=like.intake_date)
        for n in range(start, start + count)
    )
    Party.objects.bulk_create(Party(case=case, name=f"Beboer {case.pk}-{k}") for case in cases for k in range(2))


def queries_of(client, url: str) -> tuple[int, list[str], str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured], response.content.decode()


def test_the_leads_case_list_costs_the_same_queries_for_3_cases_or_123(client, mediation_lead_user):
    first = make_case(reference="M-2026-0001")
    more_cases(2, like=first, start=100)
    client.force_login(mediation_lead_user)
    few, _, html = queries_of(client, CASES)
    assert "M-2026-0001" in html

    more_cases(120, like=first, start=200)
    many, sqls, html = queries_of(client, CASES)
    assert many == few
    # The list is counted once, not again by its paginator.
    assert len([sql for sql in sqls if "COUNT(" in sql and "mediation_case" in sql]) <= 2


def row_links(html: str, case: Case) -> set[str]:
    return {action for action in ("inspect", "edit", "delete") if f"/admin/mediation/case/{action}/{case.pk}/" in html}


def test_each_row_offers_what_the_policy_allows_for_that_case(client, mediator_user, mediation_lead_user):
    """The row buttons are built once per page (mediation.admin_buttons), still asking the policy per row."""
    open_case = make_case(reference="M-2026-0001", mediators=[mediator_user])
    anonymised = make_case(reference="M-2026-0002", mediators=[mediator_user])
    Case.objects.filter(pk=anonymised.pk).update(anonymised_at="2026-01-01T00:00:00Z")
    more_cases(3, like=open_case, start=100)

    client.force_login(mediation_lead_user)
    _count, _sqls, html = queries_of(client, CASES)
    assert row_links(html, open_case) == {"inspect", "edit", "delete"}
    assert row_links(html, anonymised) == {"inspect", "delete"}  # kept for statistics: no longer edited

    client.force_login(mediator_user)
    _count, _sqls, html = queries_of(client, CASES)
    assert row_links(html, open_case) == {"inspect", "edit"}  # a mediator deletes nothing
    assert row_links(html, anonymised) == {"inspect"}
    assert "M-2026-0100" not in html  # not assigned: not listed
