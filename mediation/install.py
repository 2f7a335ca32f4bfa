"""What the mediation app puts into a host site (see estates/install.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from mediation.models import MediationStatisticsPage

# The public page of anonymous mediation figures; `manage.py boligsocial_setup` creates it under the home page.
SECTION_PAGE = MediationStatisticsPage
SECTION_SLUG = "maegling-i-tal"


def new_section_page() -> MediationStatisticsPage:
    last_year = timezone.localdate().year - 1
    return MediationStatisticsPage(title=_("Mediation statistics"), slug=SECTION_SLUG, year=last_year)
