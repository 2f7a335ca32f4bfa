"""Anonymous visitors get public pages from the embedded page cache, and never an out-of-date one."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

from community.choices import Recurrence
from community.models import OccurrenceException
from estates import page_cache, roles
from estates.cache_middleware import HEADER
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.community.builders import make_activity, make_calendar
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(db):
    return make_organisation(name="Lokalpolitiet")


@pytest.fixture
def walk_with_finding(police):
    walk = make_walk(title="Tryghedsvandring i Nordparken")
    finding = make_finding(walk, title="Mørk sti ved legepladsen", responsibilities=[(police, RS.PLACED, 30)])
    return walk, finding


def test_an_anonymous_visitors_second_request_comes_from_the_cache_without_a_query(
    cacheable_footer, walk_with_finding, django_assert_num_queries
):
    walk, _ = walk_with_finding
    first = Client().get(walk.url)
    assert first.status_code == 200 and first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(walk.url)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert "Mørk sti ved legepladsen" in second.content.decode()
    # The policy header is added to the cached answer as to any other (no nonces: scripts are static files).
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_partners_update_shows_on_the_cached_walk_page_and_finding_page_at_once(
    cacheable_footer, walk_with_finding, police, client, django_capture_on_commit_callbacks
):
    walk, finding = walk_with_finding
    finding_url = walk.finding_url(finding)
    for url in (walk.url, finding_url):
        Client().get(url)
        assert Client().get(url)[HEADER] == "hit"
    partner = Client()
    partner.force_login(make_user(roles.PARTNERS, organisation=police))
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(
            reverse("safety_walks_add_update", args=[finding.pk]),
            {
                "responsibility": finding.responsibilities.get().pk,
                "new_status": RS.RESOLVED,
                "public_note": "Der er sat nye lamper op langs stien.",
            },
        )
    assert response.status_code == 302
    for url in (walk.url, finding_url):
        page = Client().get(url)
        assert page[HEADER] == "miss"
        assert "Der er sat nye lamper op langs stien." in page.content.decode()


def test_a_logged_in_user_never_gets_the_cached_page_and_never_fills_the_cache(
    cacheable_footer, walk_with_finding, staff_user
):
    walk, _ = walk_with_finding
    staff = Client()
    staff.force_login(staff_user)
    staff_first = staff.get(walk.url)
    assert staff_first.status_code == 200 and HEADER not in staff_first
    assert Client().get(walk.url)[HEADER] == "miss"  # the staff member's page was not kept for residents
    assert Client().get(walk.url)[HEADER] == "hit"
    staff_again = staff.get(walk.url)
    assert HEADER not in staff_again
    assert staff_again.wsgi_request.user == staff_user


def test_a_cancelled_occurrence_leaves_the_activity_and_its_calendar_at_once(cacheable_footer, home_page):
    calendar = make_calendar(parent=home_page)
    starts = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0) + timedelta(days=3)
    activity = make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=starts,
        recurrence=Recurrence.WEEKLY,
        recurrence_until=timezone.localdate(starts) + timedelta(weeks=4),
    )
    for url in (activity.url, calendar.url):
        Client().get(url)
        assert Client().get(url)[HEADER] == "hit"
    OccurrenceException.objects.create(
        page=activity, occurrence_date=timezone.localdate(starts), action="cancelled", note="Aflyst på grund af sygdom"
    )
    for url in (activity.url, calendar.url):
        assert Client().get(url)[HEADER] == "miss", url
        assert Client().get(url)[HEADER] == "hit", url
    # Staff cancel in the page editor: the publish brings the calendar's dates up to date.
    activity.save_revision().publish()
    upcoming = Client().get(calendar.url)
    assert upcoming[HEADER] == "miss" and "Aflyst på grund af sygdom" in upcoming.content.decode()


def test_publishing_a_page_forgets_every_cached_page(cacheable_footer, walk_with_finding):
    walk, _ = walk_with_finding
    Client().get(walk.url)
    Client().get("/da/")
    walk.title = "Tryghedsvandring i Sydparken"
    walk.save_revision().publish()
    page = Client().get(walk.url)
    assert page[HEADER] == "miss" and "Tryghedsvandring i Sydparken" in page.content.decode()
    assert Client().get("/da/")[HEADER] == "miss"


def test_a_page_that_carries_a_csrf_token_is_never_cached(cacheable_footer, home_page):
    # An activity's sign-up form (a route of the activity page) carries a visitor's own CSRF token.
    activity = make_activity(make_calendar(), title="Fællesspisning", registration_required=True, capacity=20)
    assert Client().get(activity.url)[HEADER] == "miss"
    for _ in range(2):
        response = Client().get(f"{activity.url}tilmeld/")
        assert response.status_code == 200 and HEADER not in response
        assert "csrftoken" in response.cookies


def test_the_admin_the_plugins_own_addresses_and_missing_pages_are_never_cached(cacheable_footer, home_page):
    for url in ("/admin/login/", "/da/boligsocial/", "/findes-ikke/"):
        for _ in range(2):
            assert HEADER not in Client().get(url), url


def test_a_page_rendered_while_a_purge_landed_is_not_stored(page_cache_on):
    variant = page_cache.Variant(scheme="http", host="localhost", full_path="/vandring/", language="da")
    generations = page_cache.current_generations("/vandring/")
    page_cache.purge_path("/vandring/")  # a partner's update commits while the old page renders
    assert not page_cache.store(variant, generations, _response("gammel status"))
    assert page_cache.fetch(variant, page_cache.current_generations("/vandring/")) is None


def test_purging_beneath_a_page_forgets_its_sub_pages_and_not_its_neighbours(page_cache_on):
    stored = {}
    for path in ("/da/aktiviteter/", "/da/aktiviteter/maaned/2026-12/", "/da/tryghedsvandringer/"):
        variant = page_cache.Variant(scheme="http", host="localhost", full_path=path, language="da")
        assert page_cache.store(variant, page_cache.current_generations(path), _response(path))
        stored[path] = variant
    page_cache.purge_path("/da/aktiviteter/", beneath=True)
    for path, variant in stored.items():
        found = page_cache.fetch(variant, page_cache.current_generations(path))
        assert (found is None) == path.startswith("/da/aktiviteter/"), path


def _response(text):
    return HttpResponse(text)


def test_wagtails_frontend_cache_purges_the_embedded_cache_through_its_backend(cacheable_footer, walk_with_finding):
    walk, _ = walk_with_finding
    Client().get(walk.url)
    assert Client().get(walk.url)[HEADER] == "hit"
    purge_page_from_cache(walk)  # what wagtail.contrib.frontend_cache does on publish, and a host may call
    assert Client().get(walk.url)[HEADER] == "miss"


def test_a_head_request_is_answered_from_the_cache(cacheable_footer, walk_with_finding):
    walk, _ = walk_with_finding
    Client().get(walk.url)
    Client().get(walk.url)
    assert Client().head(walk.url)[HEADER] == "hit"


def test_a_housing_areas_page_is_purged_with_the_home_page(cacheable_footer, home_page):
    area = make_area(name="Nordparken", slug="nordparken")
    area_url = home_page.area_url(area)
    Client().get(area_url)
    assert Client().get(area_url)[HEADER] == "hit"
    purge_page_from_cache(home_page)
    assert Client().get(area_url)[HEADER] == "miss"
