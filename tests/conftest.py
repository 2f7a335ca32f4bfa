"""Fixtures every test folder shares: the home page, one user per role, and a database and cache left clean."""

import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import translation
from wagtail.models import Page

from estates import roles
from tests.builders import make_home_page, make_organisation, make_user


@pytest.fixture
def home_page(db):
    return make_home_page()


@pytest.fixture
def staff_user(db):
    return make_user(roles.STAFF, username="staff")


@pytest.fixture
def partner_organisation(db):
    return make_organisation(name="Lokalpolitiet")


@pytest.fixture
def partner_user(partner_organisation):
    return make_user(roles.PARTNERS, organisation=partner_organisation, username="partner")


@pytest.fixture
def mediator_user(db):
    return make_user(roles.STAFF, roles.MEDIATORS, username="mediator")


@pytest.fixture
def mediation_lead_user(db):
    return make_user(roles.STAFF, roles.MEDIATION_LEADS, username="lead")


# Transactional tests (browser journeys, qcluster, concurrent sweeps) end with a flush; this fixture covers
# every folder (tests/reminders had its own copy).
@pytest.fixture(scope="session", autouse=True)
def _migrated_state_survives_the_session(django_db_setup, django_db_blocker):
    """Leave the test database as the migrations made it, so `--reuse-db` works in the next run.

    A transactional test ends with a flush; serialized rollback restores the data of the migrations
    (root page, site, role groups) at the start of the next test only, so the last one leaves the
    database empty, and the next session would serialize (and restore) that emptiness.
    """
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not Page.objects.using(alias).exists():
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the home page caches its next activities)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """Each test starts in the site's language: a request under /ar/ leaves Arabic active in the thread, and
    `page.url` and `reverse()` would then build Arabic addresses in the next test."""
    translation.deactivate()
    yield
    translation.deactivate()
