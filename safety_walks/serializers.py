"""The public shape of a finding in the API: exactly what a resident may read on the walk page."""

from estates.mail import absolute_url
from safety_walks.reports import ReportItem
from safety_walks.statuses import FindingStatus, public_label


def public_photo(photo) -> dict | None:
    if photo is None:
        return None
    width, height = photo.dimensions("large")
    return {
        "url": absolute_url(photo.url("large")),
        "thumbnail_url": absolute_url(photo.url("thumb")),
        "width": width,
        "height": height,
        "alt": photo.alt_text,
    }


def public_finding_dict(item: ReportItem) -> dict:
    finding = item.finding
    update = item.latest_public_update
    return {
        "id": finding.pk,
        "title": finding.title,
        "description": finding.description,
        "category": str(finding.category),  # in the language the API is asked in (its Danish name without one)
        "location": finding.location,
        "coordinates": (
            {"latitude": float(finding.latitude), "longitude": float(finding.longitude)}
            if finding.latitude is not None
            else None
        ),
        "status": finding.status,
        "status_label": str(public_label(finding.status)),  # the word residents read on the walk page
        "status_reason": finding.status_reason if finding.status == FindingStatus.CANNOT_BE_RESOLVED else "",
        "status_at_follow_up": item.status_at_follow_up,
        "responsibilities": [
            {
                "organisation": responsibility.organisation.name,
                "deadline": responsibility.deadline.isoformat() if responsibility.deadline else None,
                "status": responsibility.status,
                "status_label": str(public_label(responsibility.status)),
                "overdue": responsibility.is_overdue(),
            }
            for responsibility in item.responsibilities
        ],
        "latest_public_note": (
            {"text": update.public_note, "date": update.created_at.isoformat()} if update is not None else None
        ),
        # A public finding's photo is public; its address goes through the serving view (no storage URL).
        "photo": public_photo(finding.photo),
    }
