import pytest
from wagtail.models import Site

from home.models import TeamContact


@pytest.fixture
def page_cache_on(settings):
    """The embedded page cache switched on (the test settings switch it off), in locmem, emptied before every
    test (tests/conftest.py)."""
    settings.BOLIGSOCIAL_PAGE_CACHE_SECONDS = 600
    settings.BOLIGSOCIAL_PAGE_CACHE_ALIAS = "default"


@pytest.fixture
def cacheable_footer(page_cache_on):
    """The site's real templates: neither the footer's language switch nor the follow form carries a CSRF token.
    The footer's contact details are created at the first page view (a settings row: that purges every page),
    so they are made first."""
    TeamContact.for_site(Site.objects.get(is_default_site=True))
