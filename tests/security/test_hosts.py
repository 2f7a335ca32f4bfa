"""The sitemap and the API name the public address (or the host the client asked), never the Site record's
`localhost` (issue #14: "the sitemap and API name the wrong host")."""

import json
import re

import pytest
from wagtail.models import Site

from tests.builders import make_area
from tests.community.builders import make_activity, make_calendar
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

PUBLIC = "https://tryghed.example"


@pytest.fixture
def public_address(settings, home_page):
    """Served at tryghed.example, configured as such, while Wagtail's Site record still says localhost:80."""
    settings.ALLOWED_HOSTS = ["tryghed.example", "www.tryghed.example"]
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    settings.WAGTAILAPI_BASE_URL = PUBLIC
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    walk = make_walk(areas=[make_area()], title="Vandring i Nordparken")
    make_finding(walk, is_public=True)
    activity = make_activity(make_calendar())
    return {"walk": walk, "activity": activity}


def locations(response) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def every_url(data) -> list[str]:
    """Every absolute address anywhere in a JSON answer."""
    found = []
    if isinstance(data, dict):
        for value in data.values():
            found += every_url(value)
    elif isinstance(data, list):
        for value in data:
            found += every_url(value)
    elif isinstance(data, str) and data.startswith(("http://", "https://")):
        found.append(data)
    return found


def test_sitemap_names_the_public_address_not_the_site_records_localhost(client, public_address):
    response = client.get("/sitemap.xml", HTTP_HOST="tryghed.example")

    assert response.status_code == 200
    found = locations(response)
    assert f"{PUBLIC}/da/" in found
    assert f"{PUBLIC}{public_address['walk'].url}" in found
    assert all(url.startswith(f"{PUBLIC}/") for url in found), found


def test_sitemap_asked_on_another_allowed_host_names_that_host(client, public_address):
    found = locations(client.get("/sitemap.xml", HTTP_HOST="www.tryghed.example"))

    assert found and all(url.startswith("http://www.tryghed.example/") for url in found), found


def test_api_listing_and_detail_links_name_the_public_address(client, public_address):
    walk = public_address["walk"]
    listing = client.get("/api/v2/pages/", HTTP_HOST="tryghed.example")
    detail = client.get(f"/api/v2/pages/{walk.pk}/", HTTP_HOST="tryghed.example")
    walks = client.get("/api/v2/walks/", HTTP_HOST="tryghed.example")

    assert listing.status_code == detail.status_code == walks.status_code == 200
    items = {item["id"]: item["meta"] for item in listing.json()["items"]}
    assert items[walk.pk]["html_url"] == f"{PUBLIC}{walk.url}"
    assert items[walk.pk]["detail_url"] == f"{PUBLIC}/api/v2/pages/{walk.pk}/"
    assert detail.json()["meta"]["parent"]["meta"]["html_url"] == f"{PUBLIC}{walk.get_parent().url}"
    urls = every_url(listing.json()) + every_url(detail.json()) + every_url(walks.json())
    assert len(urls) > 5
    assert all(url.startswith(f"{PUBLIC}/") for url in urls), [u for u in urls if not u.startswith(PUBLIC)]


def test_occurrences_api_links_name_the_host_asked(client, public_address):
    activity = public_address["activity"]
    day = activity.starts_at.date().isoformat()

    response = client.get(f"/api/v2/occurrences/?start={day}&end={day}", HTTP_HOST="tryghed.example")

    assert response.status_code == 200
    urls = every_url(json.loads(response.content))
    assert urls and all("tryghed.example/" in url for url in urls), urls
    assert not any("localhost" in url for url in urls)
