import pytest

from tests.community.builders import make_calendar


@pytest.fixture
def calendar(home_page):
    return make_calendar(parent=home_page)
