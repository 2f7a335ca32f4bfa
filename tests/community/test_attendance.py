"""Attendance: staff record who took part after an occurrence; the report sums it up by area, group and quarter."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from community import services
from community.choices import ExceptionAction, Recurrence, TargetGroupCode
from community.models import Attendance
from estates import roles
from tests.builders import make_area, make_user
from tests.community.builders import groups, local, make_activity

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/community/attendance/new/"
REPORT_URL = "/admin/community/attendance-report/"


@pytest.fixture(autouse=True)
def spring_2027():
    with freeze_time("2027-04-20 12:00:00+02:00"):
        yield


@pytest.fixture
def cafe(calendar):
    return make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 16, 17),
        ends_at=local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 6, 29),
        target_groups=groups(TargetGroupCode.CHILDREN, TargetGroupCode.YOUTH),
        exceptions=[
            {"occurrence_date": date(2027, 3, 23), "action": ExceptionAction.CANCELLED},
            {
                "occurrence_date": date(2027, 3, 30),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2027, 3, 31, 17),
            },
        ],
    )


def form(activity, day: str, **counts) -> dict:
    data = {"activity": activity.pk, "occurrence_date": day, "children": 0, "youth": 0, "adults": 0, "elderly": 0}
    return {**data, "new_participants": 0, "note": "", **counts}


def test_staff_record_attendance_for_an_occurrence(client, staff_user, cafe):
    client.force_login(staff_user)

    response = client.post(ADD_URL, form(cafe, "2027-03-16", children=7, youth=4, new_participants=2))

    assert response.status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.total, attendance.new_participants) == (11, 2)
    assert attendance.recorded_by == staff_user
    assert ModelLogEntry.objects.filter(object_id=str(attendance.pk), action="wagtail.create").exists()


def test_staff_correct_recorded_attendance_and_the_change_is_logged(client, staff_user, cafe):
    attendance = services.attendance_record(activity=cafe, occurrence_date=date(2027, 3, 16), children=3)
    client.force_login(staff_user)

    response = client.post(
        reverse("community_attendance:edit", args=[attendance.pk]), form(cafe, "2027-03-16", children=5, youth=1)
    )

    assert response.status_code == 302
    attendance.refresh_from_db()
    assert (attendance.total, attendance.recorded_by) == (6, staff_user)
    assert ModelLogEntry.objects.filter(object_id=str(attendance.pk), action="wagtail.edit").exists()
    assert Attendance.objects.count() == 1


def test_the_reminder_link_opens_the_form_with_the_activity_and_date_filled_in(client, staff_user, cafe):
    client.force_login(staff_user)

    html = client.get(ADD_URL, {"activity": cafe.pk, "date": "2027-03-31"}).content.decode()

    assert 'value="2027-03-31"' in html
    assert "Lektiecafé" in html


@pytest.mark.parametrize(
    ("day", "counts", "message"),
    [
        ("2027-05-04", {}, "Fremmødet kan først registreres, når aktiviteten har fundet sted."),
        ("2027-03-17", {}, "Aktiviteten fandt ikke sted på den dato."),
        ("2027-03-23", {}, "Aktiviteten fandt ikke sted på den dato."),  # cancelled that day
        ("2027-03-30", {}, "Aktiviteten fandt ikke sted på den dato."),  # moved to the 31st
        (
            "2027-03-16",
            {"children": 2, "new_participants": 3},
            "Der kan ikke være flere nye deltagere end deltagere i alt.",
        ),
    ],
)
def test_impossible_attendance_is_refused_with_a_clear_message(client, staff_user, cafe, day, counts, message):
    client.force_login(staff_user)

    response = client.post(ADD_URL, form(cafe, day, **counts))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_same_occurrence_cannot_be_recorded_twice(client, staff_user, cafe):
    services.attendance_record(activity=cafe, occurrence_date=date(2027, 3, 16), children=3)
    client.force_login(staff_user)

    response = client.post(ADD_URL, form(cafe, "2027-03-16", children=5))

    assert "Fremmødet for denne aktivitet på denne dato er allerede registreret." in response.content.decode()
    assert Attendance.objects.get().children == 3


def test_partners_and_anonymous_visitors_cannot_see_or_record_attendance(client, partner_user, cafe):
    attendance = services.attendance_record(activity=cafe, occurrence_date=date(2027, 3, 16), children=3)
    urls = [
        reverse("community_attendance:index"),
        ADD_URL,
        reverse("community_attendance:edit", args=[attendance.pk]),
        reverse("community_attendance:delete", args=[attendance.pk]),
        reverse("community_attendance:inspect", args=[attendance.pk]),
        REPORT_URL,
        REPORT_URL + "?export=csv",
        REPORT_URL + "?export=xlsx",
    ]
    for url in urls:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"], url
    client.force_login(partner_user)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Lektiec" not in response.content, url
    assert client.post(ADD_URL, form(cafe, "2027-04-06", children=1)).status_code in (302, 403)
    assert Attendance.objects.count() == 1


def test_staff_find_attendance_and_the_report_in_the_activities_menu_partners_do_not(client, staff_user, partner_user):
    client.force_login(staff_user)
    html = client.get("/admin/").content.decode()
    client.force_login(partner_user)
    partners_menu = client.get("/admin/").content.decode()

    assert "/admin/community/attendance-report/" not in partners_menu

    assert "Aktiviteter" in html
    assert "/admin/community/attendance/" in html
    assert "/admin/community/attendance-report/" in html


@pytest.fixture
def recorded(calendar):
    """Attendance in two quarters and two areas; one activity is in both areas."""
    north = make_area(name="Nordparken", slug="nordparken")
    west = make_area(name="Vestervang", slug="vestervang")
    cafe = make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 16, 17),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 13),
        areas=[north],
        target_groups=groups(TargetGroupCode.CHILDREN),
    )
    meeting = make_activity(
        calendar,
        title="Unge møder ældre",
        starts_at=local(2027, 4, 8, 14),
        areas=[north, west],
        target_groups=groups(TargetGroupCode.YOUTH, TargetGroupCode.ELDERLY),
    )
    services.attendance_record(activity=cafe, occurrence_date=date(2027, 3, 16), children=6, new_participants=2)
    services.attendance_record(activity=cafe, occurrence_date=date(2027, 3, 23), children=4, adults=1)
    services.attendance_record(activity=cafe, occurrence_date=date(2027, 4, 6), children=5)
    services.attendance_record(
        activity=meeting, occurrence_date=date(2027, 4, 8), youth=8, elderly=10, new_participants=5
    )


def test_the_report_sums_attendance_by_quarter_and_area_and_counts_an_activity_once_in_all_areas(
    client, staff_user, recorded
):
    client.force_login(staff_user)

    response = client.get(REPORT_URL, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="fremmoede-')
    content = b"".join(response.streaming_content)  # Wagtail streams its CSV export
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["År", "Kvartal", "Boligområde", "Registrerede gange"]
    assert rows[1:] == [
        ["2027", "1", "Nordparken", "2", "10", "0", "1", "0", "11", "2"],
        ["2027", "1", "Alle områder", "2", "10", "0", "1", "0", "11", "2"],
        ["2027", "2", "Nordparken", "2", "5", "8", "0", "10", "23", "5"],
        ["2027", "2", "Vestervang", "1", "0", "8", "0", "10", "18", "5"],
        ["2027", "2", "Alle områder", "2", "5", "8", "0", "10", "23", "5"],
    ]


def test_the_report_filters_by_area_target_group_and_year(client, staff_user, recorded):
    client.force_login(staff_user)

    html = client.get(REPORT_URL, {"area": "vestervang", "target_group": "aeldre", "year": "2027"}).content.decode()
    nothing = client.get(REPORT_URL, {"target_group": "familier"}).content.decode()

    assert "Vestervang" in html and ">18<" in html
    assert "Nordparken</th>" not in html
    assert "Der er endnu ikke registreret fremmøde for dette udvalg." in nothing


def test_the_report_exports_a_spreadsheet(client, staff_user, recorded):
    client.force_login(staff_user)

    response = client.get(REPORT_URL, {"export": "xlsx"})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][2] == "Boligområde"
    assert values[1] == (2027, 1, "Nordparken", 2, 10, 0, 1, 0, 11, 2)


def test_a_bad_report_filter_is_a_clear_message_not_an_error(client, staff_user, recorded):
    client.force_login(staff_user)

    response = client.get(REPORT_URL, {"year": "sidste år", "area": "atlantis", "export": "csv"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Marker en gyldig valgmulighed." in response.content.decode()


def test_staff_roles_hold_the_attendance_permissions():
    from django.contrib.auth.models import Group

    staff = Group.objects.get(name=roles.STAFF)
    partners = Group.objects.get(name=roles.PARTNERS)
    codenames = set(staff.permissions.filter(content_type__app_label="community").values_list("codename", flat=True))
    assert codenames == {"add_attendance", "change_attendance", "delete_attendance", "view_attendance"}
    assert not partners.permissions.filter(content_type__app_label="community").exists()
    assert make_user(roles.STAFF).has_perm("community.view_attendance")


def test_staff_list_and_inspect_recorded_attendance(client, staff_user, cafe):
    attendance = services.attendance_record(activity=cafe, occurrence_date=date(2027, 3, 16), children=3, youth=2)
    client.force_login(staff_user)

    listing = client.get(reverse("community_attendance:index")).content.decode()
    inspect = client.get(reverse("community_attendance:inspect", args=[attendance.pk])).content.decode()

    assert "Lektiecafé" in listing
    assert f'href="/admin/community/attendance/edit/{attendance.pk}/"' in listing
    assert "Lektiecafé, 16. marts 2027" in listing
    assert "Lektiecafé" in inspect


def test_the_attendance_list_costs_the_same_queries_for_many_rows(
    client, staff_user, cafe, django_assert_max_num_queries
):
    client.force_login(staff_user)
    url = reverse("community_attendance:index")
    services.attendance_record(activity=cafe, occurrence_date=date(2027, 3, 16), children=3)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        one_row = client.get(url)
    for day in (date(2027, 3, 31), date(2027, 4, 6), date(2027, 4, 13)):
        services.attendance_record(activity=cafe, occurrence_date=day, children=3)

    with django_assert_max_num_queries(len(few.captured_queries)):
        four_rows = client.get(url)
    assert one_row.status_code == four_rows.status_code == 200
    assert one_row.content.decode().count("Lektiecafé") < four_rows.content.decode().count("Lektiecafé")
