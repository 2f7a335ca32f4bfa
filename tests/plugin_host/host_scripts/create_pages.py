"""Stand-in for `manage.py boligsocial_setup` while the plugin lacks it: the plugin's three pages under the home page.

Run inside the fresh host with `manage.py shell -c`. The proof records that it was needed and fails on it.
"""

from django.utils import timezone
from wagtail.models import Site

from community.models import CalendarPage
from mediation.models import MediationStatisticsPage
from safety_walks.models import WalkIndexPage

home = Site.objects.get(is_default_site=True).root_page
home.add_child(instance=WalkIndexPage(title="Tryghedsvandringer", slug="tryghedsvandringer"))
home.add_child(instance=CalendarPage(title="Aktiviteter", slug="aktiviteter"))
home.add_child(
    instance=MediationStatisticsPage(title="Mægling i tal", slug="maegling-i-tal", year=timezone.localdate().year - 1)
)
