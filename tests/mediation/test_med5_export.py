"""The case list's CSV export, written straight from the rows of `values()` (issue #18): the same file modeladmin
writes from its own rows, read back cell by cell."""

import csv
import io
from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from estates.models import HousingArea
from mediation.models import Case, CaseAccessLog
from tests.mediation.builders import make_case

pytestmark = pytest.mark.django_db

CASES = "mediation_case_modeladmin_index"


def exported(client) -> str:
    response = client.get(reverse(CASES), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_export_is_modeladmins_file_with_quoted_cells_and_empty_signs(client, mediation_lead_user):
    from wagtail_modeladmin.views import IndexView

    from mediation.admin import CaseIndexView

    area = HousingArea.objects.create(name='Parken, "Syd" 2', slug="parken-syd-2")
    make_case(
        area=area,
        reference="M-2026-0001",
        status=Case.Status.CLOSED,
        closed_on=date(2026, 3, 1),
        intake_date=date(2026, 1, 5),
        parties=0,
    )
    make_case(area=None, reference="M-2025-0002", intake_date=date(2025, 11, 30), parties=0)
    client.force_login(mediation_lead_user)

    ours = exported(client)
    with (
        mock.patch.object(CaseIndexView, "_export_columns", lambda view: None),  # modeladmin's rows of cases
        mock.patch.object(CaseIndexView, "to_row_dict", IndexView.to_row_dict),
        mock.patch.object(CaseIndexView, "get_preprocess_function", IndexView.get_preprocess_function),
    ):
        theirs = exported(client)
    assert ours == theirs

    rows = list(csv.reader(io.StringIO(ours)))
    assert len(rows[0]) == 5
    assert rows[1] == ["M-2026-0001", 'Parken, "Syd" 2', Case.Status.CLOSED, "2026-01-05", "2026-03-01"]
    assert rows[2][0] == "M-2025-0002"
    assert rows[2][1] == rows[2][4] != ""  # no area, not closed: the list's empty sign
    assert rows[2][3] == "2025-11-30"
    assert len(rows) == 3
    exported_cases = CaseAccessLog.objects.filter(action=CaseAccessLog.Action.LIST_EXPORTED)
    assert exported_cases.count() == 4  # both cases, once per export
