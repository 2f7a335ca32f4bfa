"""The API: activities in the pages endpoint, and the expanded occurrences between two dates."""

from datetime import date

import pytest

from community.choices import ExceptionAction, Recurrence, TargetGroupCode
from tests.builders import make_area
from tests.community.builders import groups, local, make_activity, make_calendar

pytestmark = pytest.mark.django_db


def test_activities_are_in_the_pages_api_with_useful_fields(client, calendar):
    north = make_area(name="Nordparken", slug="nordparken")
    make_activity(
        calendar,
        title="Ungdomsklubben møder de ældre",
        starts_at=local(2027, 1, 14, 14),
        ends_at=local(2027, 1, 14, 16),
        recurrence=Recurrence.MONTHLY_WEEKDAY,
        recurrence_until=date(2027, 6, 30),
        target_groups=groups(TargetGroupCode.YOUTH, TargetGroupCode.ELDERLY),
        areas=[north],
        exceptions=[{"occurrence_date": date(2027, 2, 11), "action": ExceptionAction.CANCELLED, "note": "Vinterferie"}],
    )

    response = client.get(
        "/api/v2/pages/",
        {
            "type": "community.ActivityPage",
            "fields": "starts_at,ends_at,recurrence,recurrence_until,areas,target_groups,across_generations,"
            "occurrence_exceptions,place_name,ical_uid,status",
        },
    )

    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["title"] == "Ungdomsklubben møder de ældre"
    assert item["starts_at"] == "2027-01-14T14:00:00+01:00"
    assert item["recurrence"] == "monthly_weekday"
    assert item["recurrence_until"] == "2027-06-30"
    assert item["areas"] == [{"name": "Nordparken", "slug": "nordparken"}]
    assert [group["code"] for group in item["target_groups"]] == ["unge", "aeldre"]
    assert item["across_generations"] is True
    assert item["occurrence_exceptions"][0]["occurrence_date"] == "2027-02-11"
    assert item["status"] == "planned"
    assert item["ical_uid"].startswith("activity-")


def test_the_pages_api_can_filter_activities_by_theme(client, calendar):
    make_activity(calendar, title="Lektiecafé", theme="laering")
    make_activity(calendar, title="Fodbold", theme="motion")

    response = client.get("/api/v2/pages/", {"type": "community.ActivityPage", "theme": "laering"})

    assert [item["title"] for item in response.json()["items"]] == ["Lektiecafé"]


def test_the_occurrences_endpoint_expands_activities_between_two_dates(client, calendar):
    make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 16, 17),
        ends_at=local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 13),
        exceptions=[
            {"occurrence_date": date(2027, 3, 23), "action": ExceptionAction.CANCELLED},
            {
                "occurrence_date": date(2027, 3, 30),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2027, 3, 31, 17),
            },
        ],
    )

    response = client.get("/api/v2/occurrences/", {"start": "2027-03-20", "end": "2027-03-31"})

    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {"start": "2027-03-20", "end": "2027-03-31", "total_count": 2}
    cancelled, moved = body["items"]
    assert (cancelled["start"], cancelled["cancelled"]) == ("2027-03-23T17:00:00+01:00", True)
    assert (moved["start"], moved["moved_from"]) == ("2027-03-31T17:00:00+02:00", "2027-03-30T17:00:00+02:00")
    assert moved["url"].startswith("http") and "/da/aktiviteter/aktivitet-" in moved["url"]
    assert moved["title"] == "Lektiecafé"


def test_the_occurrences_endpoint_filters_like_the_calendar(client, calendar):
    make_activity(
        calendar, title="Legestue", starts_at=local(2027, 3, 3, 10), target_groups=groups(TargetGroupCode.CHILDREN)
    )
    make_activity(
        calendar,
        title="Seniorgymnastik",
        starts_at=local(2027, 3, 4, 10),
        target_groups=groups(TargetGroupCode.ELDERLY),
    )

    response = client.get("/api/v2/occurrences/", {"start": "2027-03-01", "end": "2027-03-31", "target_group": "boern"})

    assert [item["title"] for item in response.json()["items"]] == ["Legestue"]
    assert response.json()["items"][0]["target_groups"] == ["boern"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2027-03-01"}, "Angiv end som en dato: ÅÅÅÅ-MM-DD."),
        ({"start": "1. marts", "end": "2027-03-31"}, "start er ikke en dato: “1. marts”. Brug ÅÅÅÅ-MM-DD."),
        ({"start": "2027-02-30", "end": "2027-03-31"}, "start er ikke en dato: “2027-02-30”. Brug ÅÅÅÅ-MM-DD."),
        ({"start": "20270301", "end": "2027-03-31"}, "start er ikke en dato: “20270301”. Brug ÅÅÅÅ-MM-DD."),
        ({"start": "2027-03-31", "end": "2027-03-01"}, "end skal være samme dag som start eller senere."),
        ({"start": "2027-01-01", "end": "2028-12-31"}, "Spørg efter højst 366 dage ad gangen."),
        ({"start": "2027-03-01", "end": "2027-03-31", "area": "atlantis"}, "Vi kender ikke boligområdet “atlantis”."),
        ({"start": "2027-03-01", "end": "2027-03-31", "areas": "atlantis"}, "Vi kender ikke boligområdet “atlantis”."),
        ({"start": "2027-03-01", "end": "2027-03-31", "target_groups": "hunde"}, "Vi kender ikke målgruppen “hunde”."),
        ({"start": "2027-03-01", "end": "2027-03-31", "limit": "500"}, "limit skal være et helt tal fra 0 til 100."),
        ({"start": "2027-03-01", "end": "2027-03-31", "fields": "title,colour"}, "Ukendte felter: colour"),
        ({"start": "2027-03-01", "end": "2027-03-31", "page": "2"}, "Ukendt parameter: page"),
    ],
)
def test_bad_input_to_the_occurrences_endpoint_is_a_400_with_a_clear_message(client, calendar, query, message):
    response = client.get("/api/v2/occurrences/", query)

    assert response.status_code == 400
    assert response.json() == {"message": message}


@pytest.mark.parametrize("count", [3, 30])
def test_listing_activities_in_the_pages_api_costs_the_same_queries_for_3_or_30(
    client, django_assert_max_num_queries, count
):
    calendar = make_calendar()
    for n in range(count):
        make_activity(calendar, title=f"Aktivitet {n}", areas=[make_area()])
    url = "/api/v2/pages/?type=community.ActivityPage&fields=*&limit=50"
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == count


@pytest.mark.parametrize("start,end", [("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-02")])
def test_dates_far_outside_the_calendar_get_a_clear_message_not_an_error(client, start, end):
    response = client.get("/api/v2/occurrences/", {"start": start, "end": end})
    assert response.status_code == 400
    assert "ikke en dato" in response.content.decode()
