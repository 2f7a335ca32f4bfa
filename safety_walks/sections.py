"""The home page's "latest walk outcomes" section."""

from estates.sections import HomeSection
from safety_walks.models import WalkPage
from safety_walks.reports import walks_with_progress

LATEST_WALKS = 3


def latest_walk_outcomes(request, area=None) -> HomeSection | None:
    walks = WalkPage.objects.live().public()
    if area is not None:
        walks = walks.filter(areas=area)
    latest = list(walks_with_progress(walks.order_by("-walk_date"))[:LATEST_WALKS])
    if not latest:
        return None
    return HomeSection(template="safety_walks/includes/latest_walks.html", context={"walks": latest}, order=10)
