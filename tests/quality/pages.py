"""Every public page type once: the list the accessibility (axe) and valid-HTML (Nu checker) gates walk.

Adding a page type is one line in PUBLIC_PAGES, or in PLUGIN_PAGES for a page of the plugin (plus the
import of its builder):

    PublicPage("walk report", walk_report),

A builder takes the site's home page, creates what the page needs and returns the page's URL path.
All builders run in ONE database for the HTML check, so create rows with unique names (the
tests/builders.py style) rather than fixed slugs. Signed-in screens (the partner's screens) go in
SIGNED_IN_SCREENS: their builder returns (path, user) and only axe checks them (the admin's HTML is Wagtail's).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from estates import roles
from home.models import HomePage
from mediation.models import MediationStatisticsPage
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_area, make_organisation, make_user
from tests.community.builders import make_activity, make_calendar
from tests.mediation.builders import make_case
from tests.safety_walks.builders import make_finding, make_walk, make_walk_index


@dataclass(frozen=True)
class PublicPage:
    name: str
    build: Callable[[HomePage], str]
    status: int = 200


@dataclass(frozen=True)
class SignedInScreen:
    name: str
    build: Callable[[HomePage], tuple]  # -> (path, user)


def home(home_page: HomePage) -> str:
    make_area(name="Nordparken")
    return home_page.url


def area_page(home_page: HomePage) -> str:
    area = make_area(name="Søndergården", description="Etageboliger omkring den store gård.")
    return home_page.area_url(area)


def search_form(home_page: HomePage) -> str:
    return "/da/search/"


def search_results(home_page: HomePage) -> str:
    # More results than fit on one page, so the result list and its page navigation are both checked.
    for n in range(1, 13):
        home_page.add_child(instance=Page(title=f"Tryghedsvandring {n}", slug=f"tryghedsvandring-kvalitet-{n}"))
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    return "/da/search/?q=Tryghedsvandring"


def search_without_results(home_page: HomePage) -> str:
    return "/da/search/?q=findes-ikke-nogen-steder"


def not_found(home_page: HomePage) -> str:
    return "/da/denne-side-findes-ikke/"


def walk_index(home_page: HomePage) -> str:
    make_walk(areas=[make_area()])
    return make_walk_index().url


def walk_report(home_page: HomePage) -> str:
    walk = make_walk(areas=[make_area()])
    make_finding(walk, is_public=True, responsibilities=[(make_organisation(), ResponsibilityStatus.IN_PROGRESS, 30)])
    make_finding(walk, is_public=True)
    return walk.url


def walk_finding_page(home_page: HomePage) -> str:
    """A finding's own page (walk-public): status, delay, timeline and its map."""
    walk = make_walk(areas=[make_area()])
    finding = make_finding(
        walk,
        latitude="55.676100",
        longitude="12.568300",
        responsibilities=[(make_organisation(), ResponsibilityStatus.IN_PROGRESS, 1)],
    )
    finding.updates.create(public_note="Vi er i gang.", new_status=ResponsibilityStatus.IN_PROGRESS)
    return walk.finding_url(finding)


def calendar_upcoming(home_page: HomePage) -> str:
    calendar = make_calendar()
    make_activity(calendar)
    return calendar.url


def calendar_past(home_page: HomePage) -> str:
    return make_calendar().url + "tidligere/"


def calendar_month(home_page: HomePage) -> str:
    return make_calendar().url + "maaned/"


def calendar_day(home_page: HomePage) -> str:
    activity = make_activity(make_calendar())
    return make_calendar().url + f"dag/{timezone.localdate(activity.starts_at):%Y-%m-%d}/"


def activity_page(home_page: HomePage) -> str:
    return make_activity(make_calendar()).url


def mediation_statistics(home_page: HomePage) -> str:
    # Enough cases in the last completed year for the figures to be published, not withheld.
    year = timezone.localdate().year - 1
    for day in range(1, 8):
        make_case(intake_date=date(year, 6, day))
    page = MediationStatisticsPage(title="Mægling i tal", slug="maegling-i-tal-kvalitet", year=year)
    return home_page.add_child(instance=page).url


def partner_dashboard(home_page: HomePage) -> tuple:
    partner = make_user(roles.PARTNERS, organisation=make_organisation())
    return "/admin/", partner


def _partner_with_a_finding():
    organisation = make_organisation()
    walk = make_walk(areas=[make_area()])
    finding = make_finding(
        walk, is_public=True, responsibilities=[(organisation, ResponsibilityStatus.IN_PROGRESS, 30)]
    )
    return make_user(roles.PARTNERS, organisation=organisation), finding


def partner_findings(home_page: HomePage) -> tuple:
    partner, _ = _partner_with_a_finding()
    return "/admin/safety_walks/finding/", partner


def partner_my_items(home_page: HomePage) -> tuple:
    partner, _ = _partner_with_a_finding()
    return "/admin/safety-walks/my-items/", partner


def partner_finding(home_page: HomePage) -> tuple:
    partner, finding = _partner_with_a_finding()
    return f"/admin/safety_walks/finding/inspect/{finding.pk}/", partner


def partner_update_form(home_page: HomePage) -> tuple:
    partner, finding = _partner_with_a_finding()
    return f"/admin/safety-walks/finding/{finding.pk}/update/", partner


# The plugin's own page types: these must also render in any host (tests/quality/test_any_host.py).
PLUGIN_PAGES: list[PublicPage] = [
    # safety_walks
    PublicPage("walk index", walk_index),
    PublicPage("walk report", walk_report),
    PublicPage("a finding's own page", walk_finding_page),
    # community
    PublicPage("calendar, upcoming", calendar_upcoming),
    PublicPage("calendar, past", calendar_past),
    PublicPage("calendar, month", calendar_month),
    PublicPage("calendar, day", calendar_day),
    PublicPage("activity page", activity_page),
    # mediation
    PublicPage("mediation statistics", mediation_statistics),
]

PUBLIC_PAGES: list[PublicPage] = [
    PublicPage("home page", home),
    PublicPage("housing area page", area_page),
    PublicPage("search form", search_form),
    PublicPage("search results", search_results),
    PublicPage("search without results", search_without_results),
    PublicPage("page not found", not_found, status=404),
    *PLUGIN_PAGES,
]

SIGNED_IN_SCREENS: list[SignedInScreen] = [
    SignedInScreen("partner's dashboard", partner_dashboard),
    SignedInScreen("partner's findings", partner_findings),
    SignedInScreen("partner's finding", partner_finding),
    SignedInScreen("partner's update form", partner_update_form),
    SignedInScreen("partner's items", partner_my_items),
]
