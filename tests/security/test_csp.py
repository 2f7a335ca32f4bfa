"""The Content-Security-Policy header (django-csp through estates.csp) and the NUL-byte guard (issue #14).

What a browser does with the policy is proved in tests/e2e/test_csp_journey.py; here: which policy each kind
of response carries, that the plugin's templates need no inline script or style, and what a host gets.
"""

import re
from pathlib import Path

import pytest
from django.utils import translation

from estates import checks
from estates.csp import ADMIN_RELAXATIONS, map_tile_origin
from tests.estates.test_readme_install import host_settings

pytestmark = pytest.mark.django_db

PLUGIN_APPS = ("estates", "safety_walks", "community", "mediation")
REPO = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_run_only_the_sites_own_scripts_and_styles(client, home_page):
    policy = directives(client.get("/da/"))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert map_tile_origin() == "https://tile.openstreetmap.org"
    assert map_tile_origin() in policy["img-src"]


def test_only_the_admin_gets_what_wagtail_needs_beyond_that(client, staff_user):
    client.force_login(staff_user)

    admin = directives(client.get("/admin/"))
    api = directives(client.get("/api/v2/pages/"))

    assert ADMIN_RELAXATIONS == {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" not in api["script-src"]


def test_the_plugins_templates_hold_no_inline_script_style_or_event_handler():
    offending = []
    for app in PLUGIN_APPS:
        for template in (REPO / app / "templates").rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            for match in re.finditer(r"<script\b[^>]*>", text):
                if "src=" not in match.group(0):
                    offending.append(f"{template.relative_to(REPO)}: {match.group(0)}")
            for match in re.finditer(r"<style\b|\sstyle=\"|\son[a-z]+=\"", text):
                offending.append(f"{template.relative_to(REPO)}: {match.group(0).strip()}")
    assert not offending, "\n".join(offending)


def test_a_nul_byte_is_refused_with_a_danish_message_before_any_view(client, home_page):
    with translation.override("da"):
        page = client.get("/da/search/", {"q": "sti\x00"})
        api = client.get("/api/v2/pages/", {"search": "sti\x00"})
        login = client.post(  # as a browser posts a login form
            "/admin/login/", "username=admin%00&password=x", content_type="application/x-www-form-urlencoded"
        )

    assert page.status_code == api.status_code == login.status_code == 400
    assert "NUL" in page.content.decode() and "tegn" in page.content.decode()
    assert "NUL" in api.json()["message"]
    assert "Content-Security-Policy" in page


def test_the_api_explains_a_bad_parameter_with_a_400(client, home_page):
    find = client.get("/api/v2/pages/find/", {"id": "x"})
    offset = client.get("/api/v2/pages/", {"offset": str(10**20)})

    assert find.status_code == offset.status_code == 400
    assert "id" in find.json()["message"]
    assert "offset" in offset.json()["message"]


def test_a_host_following_the_readme_gets_the_guard_the_policy_and_the_map_tiles():
    settings = host_settings()

    # After the size limit (nothing is read before it), the policy first so that the guard's 400 carries it too.
    middleware = settings["MIDDLEWARE"]
    size_limit = middleware.index("estates.middleware_limits.RequestSizeLimitMiddleware")
    assert middleware[size_limit + 1 : size_limit + 3] == [checks.CSP_MIDDLEWARE, checks.NUL_GUARD_MIDDLEWARE]
    policy = settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert map_tile_origin() in policy["img-src"]
    assert policy["script-src"] == policy["style-src"] == ["'self'"]
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "estates.search"


def test_the_demo_site_passes_the_hardening_check():
    assert checks.check_hardening(None) == []


def test_without_the_nul_guard_the_check_names_it(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != checks.NUL_GUARD_MIDDLEWARE]
    [error] = checks.check_hardening(None)
    assert error.id == "boligsocial.E016"
    assert checks.NUL_GUARD_MIDDLEWARE in error.msg


def test_a_policy_that_refuses_the_map_tiles_is_named(settings):
    settings.BOLIGSOCIAL_MAP_TILE_URL = "https://kort.example/{z}/{x}/{y}.png"
    [error] = checks.check_hardening(None)
    assert error.id == "boligsocial.E017"
    assert "https://kort.example" in error.hint
