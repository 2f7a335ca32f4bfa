"""The home page's "latest walk outcomes" section; on a housing area's page also its public findings on a map.

The walks are the default locale's pages (each once; their findings are theirs), titled and linked as the
pages that present them in the reader's language (safety_walks.selectors.presented_walks)."""

from estates import maps
from estates.sections import HomeSection
from safety_walks.models import Finding
from safety_walks.reports import walks_with_progress
from safety_walks.selectors import presented_walks, public_walks, walk_link
from safety_walks.statuses import public_label

LATEST_WALKS = 3
AREA_FINDINGS = 50  # the open public findings an area's map shows at most, newest walks first


def latest_walk_outcomes(request, area=None) -> HomeSection | None:
    walks = public_walks()
    if area is not None:
        walks = walks.filter(areas=area)
    latest = presented_walks(walks_with_progress(walks.order_by("-walk_date"))[:LATEST_WALKS], request)
    if not latest:
        return None
    context = {"walks": latest}
    if area is not None:
        context.update(area_findings(walks, request))
    return HomeSection(template="safety_walks/includes/latest_walks.html", context=context, order=10)


def area_findings(walks, request=None) -> dict:
    """The open public findings of the area's walks that have a position, numbered for the list and the map."""
    findings = (
        Finding.objects.public()
        .open()
        .filter(walk__in=walks, latitude__isnull=False, longitude__isnull=False)
        .select_related("walk")
        .order_by("-walk__walk_date", "priority", "pk")[:AREA_FINDINGS]
    )
    findings = list(findings)
    shown = {walk.pk: walk for walk in presented_walks({f.walk_id: f.walk for f in findings}.values(), request)}
    entries = []
    for number, finding in enumerate(findings, start=1):
        entries.append({"number": number, "finding": finding, "url": walk_link(shown[finding.walk_id], finding.pk)})
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
