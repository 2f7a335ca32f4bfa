"""The API as a front-end developer expects it: filters by the slugs and codes the API shows, the occurrences
paginated the Wagtail way with each activity's links, and "across generations" as a filter on the calendar too."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from community.choices import Recurrence, TargetGroupCode
from tests.builders import make_area
from tests.community.builders import bulk_activities, groups, local, make_activity

pytestmark = pytest.mark.django_db

ACTIVITIES = {"type": "community.ActivityPage"}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


@pytest.fixture
def estate(calendar):
    """Nordparken and Sydhaven, and four activities: one per area, one for the whole estate, one across generations."""
    north = make_area(name="Nordparken", slug="nordparken")
    south = make_area(name="Sydhaven", slug="sydhaven")
    make_activity(
        calendar,
        title="Lektiecafé",
        theme="laering",
        areas=[north],
        target_groups=groups(TargetGroupCode.CHILDREN),
        starts_at=local(2027, 3, 2, 16),
    )
    make_activity(
        calendar,
        title="Seniorgymnastik",
        theme="motion",
        areas=[south],
        target_groups=groups(TargetGroupCode.ELDERLY),
        starts_at=local(2027, 3, 3, 10),
    )
    make_activity(
        calendar,
        title="Unge møder ældre",
        theme="naboskab",
        areas=[north],
        target_groups=groups(TargetGroupCode.YOUTH, TargetGroupCode.ELDERLY),
        starts_at=local(2027, 3, 4, 14),
    )
    make_activity(calendar, title="Fællesspisning", theme="mad", starts_at=local(2027, 3, 5, 18))
    return calendar


# --- the pages API ------------------------------------------------------------------------------


def test_activities_are_filtered_by_the_housing_areas_slug_with_those_for_the_whole_estate(client, estate):
    for url in ("/api/v2/pages/", "/api/v2/activities/"):
        response = client.get(url, {**ACTIVITIES, "areas": "nordparken"})
        assert titles(response) == ["Fællesspisning", "Lektiecafé", "Unge møder ældre"], url


def test_activities_are_filtered_by_target_group_code_theme_and_across_generations(client, estate):
    def listed(**query):
        return titles(client.get("/api/v2/pages/", {**ACTIVITIES, **query}))

    # "All residents" (the default target group) is for the elderly too, as on the calendar.
    assert listed(target_groups="aeldre") == ["Fællesspisning", "Seniorgymnastik", "Unge møder ældre"]
    assert listed(theme="laering") == ["Lektiecafé"]
    assert listed(across_generations="true") == ["Unge møder ældre"]
    assert listed(across_generations="false") == ["Fællesspisning", "Lektiecafé", "Seniorgymnastik"]
    assert listed(areas="sydhaven", target_groups="aeldre", theme="motion") == ["Seniorgymnastik"]


def test_filtered_activities_keep_wagtails_count_order_fields_and_search(client, estate):
    response = client.get(
        "/api/v2/pages/",
        {**ACTIVITIES, "areas": "nordparken", "order": "-title", "fields": "areas,across_generations", "limit": 2},
    )

    body = response.json()
    assert body["meta"]["total_count"] == 3
    assert [item["title"] for item in body["items"]] == ["Unge møder ældre", "Lektiecafé"]
    assert body["items"][0]["areas"] == [{"name": "Nordparken", "slug": "nordparken"}]
    assert body["items"][0]["across_generations"] is True
    searched = client.get("/api/v2/pages/", {**ACTIVITIES, "areas": "nordparken", "search": "Lektiecafé"})
    assert titles(searched) == ["Lektiecafé"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"areas": "atlantis"}, "Vi kender ikke boligområdet “atlantis”."),
        ({"areas": "1"}, "Vi kender ikke boligområdet “1”."),  # the internal id is not what the API shows
        ({"target_groups": "hunde"}, "Vi kender ikke målgruppen “hunde”."),
        ({"theme": "sejlsport"}, "Vi kender ikke temaet “sejlsport”."),
        ({"across_generations": "ja"}, "across_generations er true eller false, ikke “ja”."),
    ],
)
def test_an_unknown_filter_value_is_a_400_that_names_it(client, estate, query, message):
    for url in ("/api/v2/pages/", "/api/v2/activities/"):
        response = client.get(url, {**ACTIVITIES, **query})
        assert response.status_code == 400, url
        assert response.json() == {"message": message}


def test_the_filters_are_unknown_parameters_where_no_page_type_is_chosen(client, estate):
    response = client.get("/api/v2/pages/", {"areas": "nordparken"})

    assert response.status_code == 400
    assert "areas" in response.json()["message"]


# --- the occurrences endpoint --------------------------------------------------------------------


def occurrences(client, **query):
    response = client.get("/api/v2/occurrences/", {"start": "2027-03-01", "end": "2027-03-31", **query})
    assert response.status_code == 200, response.content
    return response.json()


def test_occurrences_take_the_same_filters_as_the_pages_api(client, estate):
    def listed(**query):
        return [item["title"] for item in occurrences(client, **query)["items"]]

    assert listed(areas="nordparken") == ["Lektiecafé", "Unge møder ældre", "Fællesspisning"]
    assert listed(across_generations="true") == ["Unge møder ældre"]
    assert listed(target_groups="boern", theme="laering") == ["Lektiecafé"]
    assert listed(area="sydhaven") == ["Seniorgymnastik", "Fællesspisning"]  # the endpoint's first name still reads


def test_occurrences_are_paginated_the_wagtail_way(client, calendar):
    make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 1, 16),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 6, 30),
    )

    first = occurrences(client, limit=2)
    second = occurrences(client, limit=2, offset=2)
    default = occurrences(client)

    assert first["meta"]["total_count"] == second["meta"]["total_count"] == 5  # the five Mondays of March 2027
    assert [item["start"][:10] for item in first["items"]] == ["2027-03-01", "2027-03-08"]
    assert [item["start"][:10] for item in second["items"]] == ["2027-03-15", "2027-03-22"]
    assert len(default["items"]) == 5
    beyond = occurrences(client, offset=10)
    assert (beyond["meta"]["total_count"], beyond["items"]) == (5, [])


def test_each_occurrence_names_its_activity_with_links_in_the_api_and_on_the_site(client, estate):
    items = occurrences(client, theme="laering")["items"]

    (item,) = items
    activity = item["activity"]
    assert activity["type"] == "community.ActivityPage"
    assert activity["id"] == item["activity_id"]
    assert (
        activity["html_url"]
        == item["url"]
        == "http://testserver/da/aktiviteter/" + activity["html_url"].split("/")[-2] + "/"
    )
    assert activity["detail_url"] == f"http://testserver/api/v2/pages/{activity['id']}/"
    detail = client.get(activity["detail_url"])
    assert detail.status_code == 200
    assert detail.json()["title"] == "Lektiecafé"


def test_occurrences_choose_fields_as_wagtail_does(client, estate):
    only = occurrences(client, fields="_,title,start", limit=1)["items"][0]
    without = occurrences(client, fields="-note,-place", limit=1)["items"][0]

    assert only == {"title": "Lektiecafé", "start": "2027-03-02T16:00:00+01:00"}
    assert "note" not in without and "place" not in without and without["activity"]["id"]


def test_occurrences_refuse_wagtails_order_and_search_with_a_message(client, estate):
    response = client.get("/api/v2/occurrences/", {"start": "2027-03-01", "end": "2027-03-31", "order": "title"})

    assert response.status_code == 400
    assert response.json() == {
        "message": "Aktiviteternes gange kommer i tidsorden og kan ikke søges i; udelad: order",
    }


@pytest.mark.parametrize("count", [30, 600])
def test_a_month_of_cards_is_one_request_of_bounded_queries(client, calendar, count, django_assert_max_num_queries):
    first_day = timezone.localdate() + timedelta(days=1)
    bulk_activities(calendar, count, first_day=first_day)
    query = {
        "start": first_day.isoformat(),
        "end": (first_day + timedelta(days=30)).isoformat(),
        "limit": 100,
    }
    client.get("/api/v2/occurrences/", query)

    # The count and the page of stored occurrences, the areas and target groups of their activities, the
    # meetings of safety walks, the site for the links: 14 for 30 or 600 activities.
    with django_assert_max_num_queries(15):
        response = client.get("/api/v2/occurrences/", query)

    body = response.json()
    assert body["meta"]["total_count"] >= count
    assert len(body["items"]) == min(100, body["meta"]["total_count"])
    assert all(item["activity"]["detail_url"] and item["activity"]["html_url"] for item in body["items"])


# --- the calendar page ---------------------------------------------------------------------------


def test_the_calendar_filters_activities_across_generations_and_keeps_the_choice(client, estate):
    response = client.get("/da/aktiviteter/", {"generationer": "ja"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Unge møder ældre" in html
    assert "Lektiecafé" not in html and "Fællesspisning" not in html
    assert 'name="generationer" value="ja" checked' in html
    assert "Kun aktiviteter på tværs af generationer" in html
    assert "generationer=ja" in response.context["feed_url"]


def test_the_month_and_the_feed_keep_only_activities_across_generations_too(client, estate):
    month = client.get("/da/aktiviteter/maaned/2027-03/", {"generationer": "ja"}).content.decode()
    feed = client.get("/da/aktiviteter/ical/", {"generationer": "ja"}).content.decode()

    assert "Unge møder ældre" in month and "Lektiecafé" not in month
    assert "SUMMARY:Unge møder ældre" in feed and "Lektiecafé" not in feed and "Fællesspisning" not in feed


def test_an_unknown_across_generations_value_on_the_calendar_is_a_404_that_says_so(client, estate):
    response = client.get("/da/aktiviteter/", {"generationer": "maaske"})

    assert response.status_code == 404
    assert "vi kender ikke “maaske”" in response.content.decode()
