"""The reminder tests include transactional ones (concurrent sweeps, a real qcluster)."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _reminder_tests_leave_the_migrated_state(django_db_setup, django_db_blocker):
    """Leave the test database as the migrations made it, so `--reuse-db` works in the next run.

    A transactional test ends with a flush; serialized rollback restores the migrations' data (root
    page, site, role groups) at the start of the next such test only, so the last one would leave the
    database empty. (The same as tests/e2e does, without importing its browser set-up.)
    """
    yield
    from django.db import connections
    from wagtail.models import Page

    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not Page.objects.using(alias).exists():
                connection.creation.deserialize_db_from_string(contents)
