"""The pull for resident reports: what the status page, the triage screens and walk planning read."""

from django.db.models import Avg

from safety_walks.models import Finding
from safety_walks.models.reports import ReportStatus, ResidentReport
from safety_walks.widgets import DEFAULT_CENTRE, DEFAULT_ZOOM

AREA_ZOOM = 16


def triage_reports():
    """Reports as staff's list and detail show them (the photo, the area, the category, the finding)."""
    return ResidentReport.objects.select_related("area", "category", "photo", "finding", "merged_into")


def reports_for_reporter():
    return ResidentReport.objects.select_related("area", "category", "merged_into", "finding__walk")


def map_centre(area) -> dict:
    """Where the report map opens: the middle of the area's findings with a position, else all of Denmark."""
    centre = (
        Finding.objects.filter(walk__areas=area)
        .exclude(latitude=None)
        .aggregate(lat=Avg("latitude"), lng=Avg("longitude"))
    )
    if centre["lat"] is None:
        return {"centre": f"{DEFAULT_CENTRE[0]},{DEFAULT_CENTRE[1]}", "zoom": DEFAULT_ZOOM}
    return {"centre": f"{float(centre['lat']):.6f},{float(centre['lng']):.6f}", "zoom": AREA_ZOOM}


def public_finding_url(finding) -> str:
    """The finding's public address, when residents may read it (public, on a live walk page)."""
    if finding is None or not finding.is_public:
        return ""
    walk = finding.walk
    if not walk.live:
        return ""
    return walk.specific.finding_url(finding) if walk.get_url() else ""


def status_context(report: ResidentReport) -> dict:
    """What the reporter reads: their own report, and the outcome (a merged report follows the other one)."""
    followed = report.followed()
    finding = followed.finding if followed.status == ReportStatus.BECAME_FINDING else None
    return {
        "report": report,
        "followed": followed,
        "merged": report.pk != followed.pk,
        "finding": finding,
        "finding_url": public_finding_url(finding),
    }
