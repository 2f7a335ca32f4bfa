"""axe-core on every public page type and the signed-in screens, on a phone: no WCAG 2.1 A/AA violations.

One test per list rather than one per page: each live-server test ends with a flush of the whole database,
which costs seconds on PostgreSQL; the report still names every page with its violations.
"""

import pytest

from tests.e2e.helpers import axe_violations, describe_violations, log_in_as
from tests.quality.pages import PUBLIC_PAGES, SIGNED_IN_SCREENS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_every_public_page_type_has_no_wcag_violations(phone_page, home_page):
    paths = [(public_page, public_page.build(home_page)) for public_page in PUBLIC_PAGES]
    problems = []
    for public_page, path in paths:
        response = phone_page.goto(path)
        if response.status != public_page.status:
            problems.append(f"{public_page.name} ({path}): HTTP {response.status}, expected {public_page.status}")
        elif violations := axe_violations(phone_page):
            problems.append(f"{public_page.name} ({path}):\n{describe_violations(violations)}")

    assert not problems, "\n\n".join(problems)


def test_every_signed_in_screen_has_no_wcag_violations(phone_page, live_server, home_page):
    problems = []
    for screen in SIGNED_IN_SCREENS:
        path, user = screen.build(home_page)
        phone_page.context.clear_cookies()
        log_in_as(phone_page, live_server.url, user)
        response = phone_page.goto(path)
        if response.status != 200 or "/admin/login/" in phone_page.url:
            problems.append(f"{screen.name} ({path}): HTTP {response.status} at {phone_page.url}")
        elif violations := axe_violations(phone_page):
            problems.append(f"{screen.name} ({path}):\n{describe_violations(violations)}")

    assert not problems, "\n\n".join(problems)
