"""Reports as map markers (map.js's shape) and their admin address: no model imports, so the walk editor's
panel (imported by the page models) can use them."""

from django.urls import reverse


def detail_url(report) -> str:
    """The triage screen of one report (URL names registered by resident_reports/wagtail_hooks.py)."""
    return reverse("safety_walks_resident_report", args=[report.pk])


def triage_markers(reports, *, link=detail_url) -> list[dict]:
    """Markers for a map of reports, numbered as the rows of the list beside it; `link(report)` for each."""
    return [
        {
            "number": number,
            "title": report.what[:80],
            "lat": float(report.latitude),
            "lng": float(report.longitude),
            "url": link(report),
            "status": "registered",
            "status_label": report.category.name,
        }
        for number, report in enumerate(reports, start=1)
        if report.has_position
    ]
