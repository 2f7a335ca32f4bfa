"""What the safety-walk app puts into a host site (see estates/install.py and estates/api.py)."""

from django.utils.translation import gettext as _

from safety_walks.models import WalkIndexPage, WalkPage

# The page every walk report lives under; `manage.py boligsocial_setup` creates it under the home page.
SECTION_PAGE = WalkIndexPage
SECTION_SLUG = "tryghedsvandringer"
# Published walk reports in the API, at /api/v2/walks/.
API_PAGE_ENDPOINTS = {"walks": WalkPage}


def new_section_page() -> WalkIndexPage:
    return WalkIndexPage(title=_("Safety walks"), slug=SECTION_SLUG)
