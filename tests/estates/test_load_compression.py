"""Pages from the page cache come gzipped to a browser that accepts it; nothing with a visitor's secret is ever
compressed (BREACH)."""

import gzip

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import path

from estates import roles
from estates.cache_middleware import HEADER, accepts_gzip
from tests.builders import make_user
from tests.community.builders import make_activity, make_calendar
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def walk(cacheable_footer):
    walk = make_walk(title="Tryghedsvandring i Nordparken")
    make_finding(walk, title="Mørk sti ved legepladsen")
    return walk


def _text(response) -> str:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


def test_a_browser_that_accepts_gzip_gets_the_page_gzipped_on_its_first_visit_and_from_the_cache(walk):
    plain = Client().get(walk.url)
    for expected in ("hit", "hit"):
        response = Client().get(walk.url, **GZIP)
        assert response[HEADER] == expected
        assert response["Content-Encoding"] == "gzip"
        assert int(response["Content-Length"]) == len(response.content) < len(plain.content)
        assert _text(response) == plain.content.decode()
        assert "Mørk sti ved legepladsen" in _text(response)
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in response["Vary"]


def test_the_visitor_who_fills_the_cache_gets_the_gzipped_page_too_and_a_client_without_gzip_the_plain_one(walk):
    first = Client().get(walk.url, **GZIP)
    assert first[HEADER] == "miss" and first["Content-Encoding"] == "gzip"
    later = Client().get(walk.url, HTTP_ACCEPT_ENCODING="identity")
    assert later[HEADER] == "hit" and "Content-Encoding" not in later
    assert later.content.decode() == _text(first)
    assert int(later["Content-Length"]) == len(later.content)


def test_a_page_with_a_csrf_token_is_never_compressed(cacheable_footer):
    # An activity's sign-up form carries the visitor's own CSRF token: compressed, BREACH could read it.
    activity = make_activity(make_calendar(), title="Fællesspisning", registration_required=True, capacity=20)
    for _ in range(2):
        response = Client().get(f"{activity.url}tilmeld/", **GZIP)
        assert response.status_code == 200 and "csrftoken" in response.cookies
        assert "Content-Encoding" not in response and HEADER not in response


def _form_with_token(request):
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


urlpatterns = [path("formular/", _form_with_token, name="load_form_with_token")]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("in_session", [False, True])
def test_an_answer_that_used_a_csrf_token_is_never_kept_nor_compressed(cacheable_footer, settings, in_session):
    # With CSRF_USE_SESSIONS the token goes into the session, which is saved after the page cache saw the answer.
    settings.CSRF_USE_SESSIONS = in_session
    settings.BOLIGSOCIAL_PAGE_CACHE_VIEWS = ["load_form_with_token"]
    for _ in range(2):
        response = Client().get("/formular/", **GZIP)
        assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
        assert "Content-Encoding" not in response and HEADER not in response


def test_a_logged_in_users_page_is_never_compressed(walk):
    Client().get(walk.url, **GZIP)
    staff = Client()
    staff.force_login(make_user(roles.STAFF))
    response = staff.get(walk.url, **GZIP)
    assert response.status_code == 200 and HEADER not in response
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("", False),
        ("deflate, *;q=0", False),
    ],
)
def test_accept_encoding_is_read_with_its_qualities(header, accepted):
    assert accepts_gzip(RequestFactory().get("/", HTTP_ACCEPT_ENCODING=header)) is accepted
