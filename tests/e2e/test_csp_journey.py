"""The Content-Security-Policy in a real browser: residents' pages and the admin screens staff and partners use
raise no `securitypolicyviolation` and log no CSP error in Chromium (issue #14)."""

import io

import pytest
from PIL import Image

from estates import roles
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.community.builders import make_activity, make_calendar
from tests.e2e.helpers import log_in_as
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Installed before any script of the page runs: every violation the browser reports is kept.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`
    );
});
"""


def tile_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), "lightgrey").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def watched(page, settings):
    """The page, its CSP violations and console errors collected; map tiles answered locally (no network)."""
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script(WATCH_VIOLATIONS)
    tile = tile_png()
    tile_origin = settings.BOLIGSOCIAL_MAP_TILE_URL.split("/{z}")[0]
    page.route(f"{tile_origin}/**", lambda route: route.fulfill(body=tile, content_type="image/png"))
    page.tile_requests = []
    page.on("request", lambda request: page.tile_requests.append(request.url) if tile_origin in request.url else None)
    return page, console


def violations_on(page, console, path: str) -> list[str]:
    response = page.goto(path)
    assert response.status == 200, path
    assert "default-src 'self'" in response.headers["content-security-policy"], path
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__cspViolations")
    logged = [line for line in console if "Content Security Policy" in line or "Content-Security-Policy" in line]
    console.clear()
    return [f"{path}: {line}" for line in found + logged]


def test_public_pages_and_admin_screens_raise_no_csp_violation(watched, live_server, home_page):
    page, console = watched
    police = make_organisation(name="Lokalpolitiet")
    walk = make_walk(title="Tryghedsvandring i Nordparken", areas=[make_area(name="Nordparken")])
    finding = make_finding(
        walk,
        title="Mørk sti",
        is_public=True,
        latitude="55.676100",
        longitude="12.568300",
        responsibilities=[(police, RS.IN_PROGRESS, 30)],
    )
    calendar = make_calendar()
    activity = make_activity(calendar)
    staff = make_user(roles.STAFF, username="csp-staff", is_superuser=True)  # page rights without the install
    partner = make_user(roles.PARTNERS, organisation=police, username="csp-partner")

    found = []
    public = ["/", walk.get_parent().url, walk.url, calendar.url, f"{calendar.url}maaned/", activity.url]
    for path in [*public, "/da/search/?q=sti"]:
        found += violations_on(page, console, path)
    assert page.tile_requests, "the walk page's map loaded no tiles: was the map shown?"

    log_in_as(page, live_server.url, staff)
    admin = [
        "/admin/",
        f"/admin/safety_walks/finding/edit/{finding.pk}/",
        "/admin/safety_walks/finding/",
        f"/admin/pages/{walk.pk}/edit/",
        f"/admin/pages/{activity.pk}/edit/",
    ]
    for path in admin:
        found += violations_on(page, console, path)
    page.context.clear_cookies()
    log_in_as(page, live_server.url, partner)
    found += violations_on(page, console, "/admin/safety-walks/my-items/")

    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)
