"""One call registers the plugin's API endpoints on a host's own router; the README's URL snippet mounts it."""

import pytest
from wagtail.api.v2.router import WagtailAPIRouter

from estates.api import PublicImagesAPIViewSet, register_endpoints, registered_routers
from tests.community.builders import make_activity, make_calendar
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db


def test_one_call_registers_every_plugin_endpoint_on_the_hosts_router():
    router = WagtailAPIRouter("hostapi")
    register_endpoints(router)
    assert set(router._endpoints) == {"images", "occurrences", "walks", "activities"}
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
    assert client.get("/tryghedsvandringer/").status_code == 200
