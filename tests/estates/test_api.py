"""One call registers the plugin's API endpoints on a host's own router; the README's URL snippet mounts it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.api.v2.router import WagtailAPIRouter

from estates.api import PublicImagesAPIViewSet, register_endpoints, registered_routers
from tests.builders import make_area
from tests.community.builders import make_activity, make_calendar
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db


def test_one_call_registers_every_plugin_endpoint_on_the_hosts_router():
    router = WagtailAPIRouter("hostapi")
    register_endpoints(router)
    assert set(router._endpoints) == {"images", "areas", "occurrences", "walks", "activities"}
    assert router in registered_routers()


def test_the_public_images_endpoint_replaces_one_the_host_registered_before():
    from wagtail.images.api.v2.views import ImagesAPIViewSet

    router = WagtailAPIRouter("hostapi")
    router.register_endpoint("images", ImagesAPIViewSet)
    register_endpoints(router)
    assert router._endpoints["images"] is PublicImagesAPIViewSet


def test_walks_endpoint_lists_published_walks_only_and_a_type_cannot_widen_it(client):
    walk = make_walk(title="Vandring i Nord")
    make_walk(title="Kladde", publish=False)
    make_activity(make_calendar(), title="Fællesspisning")

    for query in ({}, {"type": "community.ActivityPage"}, {"type": "wagtailcore.Page"}):
        response = client.get("/api/v2/walks/", query)
        assert response.status_code == 200
        assert [item["title"] for item in response.json()["items"]] == ["Vandring i Nord"], query
    assert client.get(f"/api/v2/walks/{walk.pk}/").json()["title"] == "Vandring i Nord"


def test_activities_endpoint_lists_activities_with_their_fields(client):
    make_activity(make_calendar(), title="Fællesspisning")
    make_walk(title="Vandring i Nord")
    response = client.get("/api/v2/activities/", {"fields": "starts_at,place_name"})
    [item] = response.json()["items"]
    assert item["title"] == "Fællesspisning"
    assert item["place_name"] == "Beboerhuset"


def test_the_readme_snippet_serves_the_api_before_wagtails_catch_all_and_pages_still_answer(client, home_page):
    make_walk(title="Vandring i Nord")
    make_activity(make_calendar(), title="Fællesspisning")

    assert [item["title"] for item in client.get("/api/v2/walks/").json()["items"]] == ["Vandring i Nord"]
    assert client.get("/api/v2/occurrences/", {"start": "2026-01-01", "end": "2026-12-31"}).status_code == 200
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get(home_page.url).status_code == 200
    assert client.get("/da/tryghedsvandringer/").status_code == 200


def test_walks_are_filtered_by_the_housing_areas_slug(client):
    north = make_area(name="Nordparken", slug="nordparken")
    south = make_area(name="Sydhaven", slug="sydhaven")
    make_walk(title="Vandring i Nord", areas=[north])
    make_walk(title="Vandring i Syd", areas=[south])
    make_walk(title="Vandring i begge", areas=[north, south])

    for url, query in (("/api/v2/walks/", {}), ("/api/v2/pages/", {"type": "safety_walks.WalkPage"})):
        response = client.get(url, {**query, "areas": "nordparken"})
        assert response.status_code == 200, url
        assert sorted(item["title"] for item in response.json()["items"]) == ["Vandring i Nord", "Vandring i begge"]
        assert response.json()["meta"]["total_count"] == 2

        unknown = client.get(url, {**query, "areas": "atlantis"})
        assert unknown.status_code == 400, url
        assert unknown.json() == {"message": "Vi kender ikke boligområdet “atlantis”."}


def test_the_readme_hosts_own_pages_endpoint_reads_the_plugins_filters(client, settings, home_page):
    settings.ROOT_URLCONF = "tests.estates.urls_readme_snippet"
    north = make_area(name="Nordparken", slug="nordparken")
    make_activity(make_calendar(), title="Lektiecafé", areas=[north])
    make_activity(make_calendar(), title="Fodbold", areas=[make_area(name="Sydhaven", slug="sydhaven")])

    response = client.get("/api/v2/pages/", {"type": "community.ActivityPage", "areas": "nordparken"})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Lektiecafé"]
    assert client.get("/api/v2/pages/", {"type": "community.ActivityPage", "areas": "x"}).status_code == 400


@pytest.mark.urls("tests.estates.urls_pages_registered_last")
def test_an_occurrences_activity_links_to_an_endpoint_that_serves_it_whatever_the_registration_order(client):
    make_activity(make_calendar(), title="Lektiecafé")
    today = timezone.localdate()

    response = client.get(
        "/api/v2/occurrences/", {"start": today.isoformat(), "end": (today + timedelta(days=9)).isoformat()}
    )

    (item,) = response.json()["items"]
    detail = client.get(item["activity"]["detail_url"])
    assert detail.status_code == 200
    assert detail.json()["title"] == "Lektiecafé"


def test_the_areas_endpoint_names_the_slugs_the_filters_take(client):
    north = make_area(name="Nordparken", slug="nordparken")
    make_area(name="Sydhaven", slug="sydhaven")

    listing = client.get("/api/v2/areas/").json()
    detail = client.get(f"/api/v2/areas/{north.pk}/").json()

    assert listing["meta"]["total_count"] == 2
    assert [(item["name"], item["slug"]) for item in listing["items"]] == [
        ("Nordparken", "nordparken"),
        ("Sydhaven", "sydhaven"),
    ]
    assert listing["items"][0]["meta"]["detail_url"].endswith(f"/api/v2/areas/{north.pk}/")
    assert (detail["name"], detail["slug"], detail["description"]) == ("Nordparken", "nordparken", "")
    assert [item["name"] for item in client.get("/api/v2/areas/", {"slug": "sydhaven"}).json()["items"]] == ["Sydhaven"]
    assert [item["name"] for item in client.get("/api/v2/areas/", {"search": "Sydhaven"}).json()["items"]] == [
        "Sydhaven"
    ]
