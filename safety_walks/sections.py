"""The home page's "latest walk outcomes" section; on a housing area's page also its public findings on a map."""

from estates import maps
from estates.sections import HomeSection
from safety_walks.models import Finding, WalkPage
from safety_walks.reports import walks_with_progress
from safety_walks.statuses import public_label

LATEST_WALKS = 3
AREA_FINDINGS = 50  # the open public findings an area's map shows at most, newest walks first


def latest_walk_outcomes(request, area=None) -> HomeSection | None:
    walks = WalkPage.objects.live().public()
    if area is not None:
        walks = walks.filter(areas=area)
    latest = list(walks_with_progress(walks.order_by("-walk_date"))[:LATEST_WALKS])
    if not latest:
        return None
    context = {"walks": latest}
    if area is not None:
        context.update(area_findings(walks))
    return HomeSection(template="safety_walks/includes/latest_walks.html", context=context, order=10)


def area_findings(walks) -> dict:
    """The open public findings of the area's walks that have a position, numbered for the list and the map."""
    findings = (
        Finding.objects.public()
        .open()
        .filter(walk__in=walks, latitude__isnull=False, longitude__isnull=False)
        .select_related("walk")
        .order_by("-walk__walk_date", "priority", "pk")[:AREA_FINDINGS]
    )
    entries = []
    for number, finding in enumerate(findings, start=1):
        entries.append({"number": number, "finding": finding, "url": finding.walk.finding_url(finding)})
    markers = [
        {
            "number": entry["number"],
            "title": entry["finding"].title,
            "lat": float(entry["finding"].latitude),
            "lng": float(entry["finding"].longitude),
            "url": entry["url"],
            "status": entry["finding"].status,
            "status_label": str(public_label(entry["finding"].status)),
        }
        for entry in entries
    ]
    return {"area_findings": entries, "markers": markers, "map": maps.map_config()}
