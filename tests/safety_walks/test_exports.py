"""The findings export a follow-up meeting works from: XLSX with real dates and Danish headings, and a CSV
that Danish Excel opens (UTF-8 BOM, semicolons, CRLF), one row per responsibility, plain text only."""

import csv
import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from estates import roles
from safety_walks import services
from safety_walks.models import FindingUpdate
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

FINDINGS_URL = "/admin/safety_walks/finding/"
HEADINGS = [
    "Fundnummer",
    "Fund",
    "Tryghedsvandring",
    "Dato for vandringen",
    "Boligområde",
    "Kategori",
    "Sted",
    "Vises for beboerne",
    "Organisation",
    "Opgave",
    "Status",
    "Frist",
    "Overskredet",
    "Seneste offentlige note",
    "Dato for noten",
]


@pytest.fixture
def meeting_data(staff_user):
    police, municipality = make_organisation(name="Politiet"), make_organisation(name="Kommunen")
    walk = make_walk(
        title="Vandring i Vest",
        areas=[make_area(name="Vestparken")],
        walk_date=timezone.make_aware(datetime(2026, 5, 12, 17, 0)),
    )
    lamp = make_finding(
        walk,
        title="Slukket lampe",
        location="Stien ved nr. 4",
        responsibilities=[(municipality, RS.IN_PROGRESS, 1), (police, RS.PLACED, 4000)],
    )
    municipality_part = lamp.responsibilities.get(organisation=municipality)
    FindingUpdate.objects.create(
        finding=lamp,
        responsibility=municipality_part,
        public_note="Ældre note.",
        created_at=timezone.make_aware(datetime(2026, 6, 1, 9, 0)),
    )
    FindingUpdate.objects.create(
        finding=lamp,
        responsibility=municipality_part,
        public_note="Lampen er bestilt.",
        internal_note="Kostede 2.000 kr.",
        created_at=timezone.make_aware(datetime(2026, 6, 2, 9, 0)),
    )
    hidden = FindingUpdate.objects.create(
        finding=lamp,
        responsibility=municipality_part,
        public_note="Navnet på beboeren i nr. 4.",
        created_at=timezone.make_aware(datetime(2026, 6, 3, 9, 0)),
    )
    services.update_hide_public_note(update=hidden, user=staff_user, reason="Navngiver en beboer")
    secret = make_finding(
        walk, title='=HYPERLINK("http://x")', is_public=False, responsibilities=[(police, RS.PLACED, 30)]
    )
    unassigned = make_finding(walk, title="Uden ansvar endnu")
    other = make_finding(make_walk(title="Anden vandring"), title="Andet fund")
    return {
        "walk": walk,
        "lamp": lamp,
        "secret": secret,
        "unassigned": unassigned,
        "other": other,
        "police": police,
        "municipality": municipality,
    }


def export(client, walk, export_format, **params) -> bytes:
    response = client.get(FINDINGS_URL, {"walk__id__exact": walk.pk, "export": export_format, **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def xlsx_rows(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def test_xlsx_has_danish_headings_real_dates_and_one_row_per_responsibility(client, staff_user, meeting_data):
    client.force_login(staff_user)

    rows = xlsx_rows(export(client, meeting_data["walk"], "xlsx"))

    assert [cell.value for cell in rows[0]] == HEADINGS
    values = [[cell.value for cell in row] for row in rows[1:]]
    by_organisation = {(row[1], row[8]): row for row in values}
    assert set(by_organisation) == {
        ("Slukket lampe", "Kommunen"),
        ("Slukket lampe", "Politiet"),
        ('\'=HYPERLINK("http://x")', "Politiet"),
        ("Uden ansvar endnu", "Ingen endnu"),
    }
    municipality = dict(
        zip(HEADINGS, rows[1 + values.index(by_organisation[("Slukket lampe", "Kommunen")])], strict=True)
    )
    assert municipality["Frist"].is_date and municipality["Frist"].value.date() == date(2026, 5, 13)
    assert municipality["Dato for vandringen"].is_date
    assert municipality["Dato for noten"].is_date
    assert municipality["Dato for noten"].value == datetime(2026, 6, 2, 9, 0)
    assert municipality["Status"].value == "I gang" and municipality["Overskredet"].value == "Ja"
    assert municipality["Seneste offentlige note"].value == "Lampen er bestilt."  # not the hidden one
    assert municipality["Boligområde"].value == "Vestparken" and municipality["Vises for beboerne"].value == "Ja"
    every_text = [str(value) for row in values for value in row if value is not None]
    assert not any("<" in text and ">" in text for text in every_text)
    assert not any("Kostede" in text or "Navnet på beboeren" in text for text in every_text)
    assert "Andet fund" not in every_text
    formula = rows[1 + values.index(by_organisation[('\'=HYPERLINK("http://x")', "Politiet")])][1]
    assert formula.data_type == "s"  # text, never run as a formula


def test_csv_opens_in_danish_excel(client, staff_user, meeting_data):
    client.force_login(staff_user)

    content = export(client, meeting_data["walk"], "csv")

    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == HEADINGS
    assert len(rows) == 1 + 4
    lamp = next(row for row in rows if row[1] == "Slukket lampe" and row[8] == "Kommunen")
    assert lamp[11] == "13-05-2026" and lamp[13] == "Lampen er bestilt."
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_a_partner_exports_only_their_own_organisations_rows_without_internal_notes(client, meeting_data):
    officer = make_user(roles.PARTNERS, organisation=meeting_data["police"])
    client.force_login(officer)

    rows = list(csv.reader(io.StringIO(export(client, meeting_data["walk"], "csv").decode("utf-8-sig")), delimiter=";"))

    assert {row[8] for row in rows[1:]} == {"Politiet"}
    assert {row[1] for row in rows[1:]} == {"Slukket lampe", '\'=HYPERLINK("http://x")'}
    assert not any("Uden ansvar endnu" in row or "Kommunen" in row for row in rows)


def test_the_export_follows_the_lists_filters(client, staff_user, meeting_data):
    client.force_login(staff_user)

    rows = xlsx_rows(export(client, meeting_data["walk"], "xlsx", overdue="yes"))

    assert sorted((row[1].value, row[8].value) for row in rows[1:]) == [
        ('\'=HYPERLINK("http://x")', "Politiet"),
        ("Slukket lampe", "Kommunen"),
        ("Slukket lampe", "Politiet"),
    ]  # the finding without a responsibility is not overdue, so not listed
