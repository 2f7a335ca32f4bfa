"""What the activity app puts into a host site (see estates/install.py and estates/api.py)."""

from django.utils.translation import gettext as _

from community.models import ActivityPage, CalendarPage

# The calendar every activity lives under; `manage.py boligsocial_setup` creates it under the home page.
SECTION_PAGE = CalendarPage
SECTION_SLUG = "aktiviteter"
# Published activities in the API, at /api/v2/activities/ (their dates: /api/v2/occurrences/).
API_PAGE_ENDPOINTS = {"activities": ActivityPage}


def new_section_page() -> CalendarPage:
    return CalendarPage(title=_("Activities"), slug=SECTION_SLUG)
