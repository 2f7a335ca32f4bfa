"""The public shape of a finding in the API: exactly what a resident may read on the walk page.

`public_findings_of(walks)` builds it for every walk of an API response at once, from rows (`values_list`), in
a fixed number of queries whatever the number of walks and findings: the findings API fields
(`safety_walks.api.PAGE_FIELDS`) serve it. `public_finding_dict(item)` gives the same shape from an item of the
walk report (`WalkPage.public_findings`). Both go through `finding_dict`, the one place the shape is written.
What is public is the managers' rule: `Finding.objects.public()` and `FindingUpdate.objects.with_public_note()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.apps import apps
from django.utils import timezone

from estates.mail import absolute_url
from estates.models.photos import Photo, fit
from safety_walks.reports import ReportItem, report_position
from safety_walks.statuses import (
    CLOSED_RESPONSIBILITY_STATUSES,
    FindingStatus,
    deadline_passed,
    public_label,
)

PHOTO_SIZES = ("large", "thumb")
_TOKEN = "__photo_token__"  # stands for a photo's token in an address reversed once per response


class PhotoLinks:
    """The serving view's addresses of photos, reversed once per size (`Photo.url`) rather than once per photo."""

    def __init__(self):
        self.templates = {size: absolute_url(Photo(token=_TOKEN).url(size)) for size in PHOTO_SIZES}

    def url(self, token: str, size: str) -> str:
        return self.templates[size].replace(_TOKEN, token)

    def photo_dict(self, token: str, width: int, height: int, alt_text: str) -> dict:
        width, height = fit(width, height, "large")  # Photo.dimensions("large")
        return {
            "url": self.url(token, "large"),
            "thumbnail_url": self.url(token, "thumb"),
            "width": width,
            "height": height,
            "alt": alt_text,
        }


def public_photo(photo) -> dict | None:
    if photo is None:
        return None
    return PhotoLinks().photo_dict(photo.token, photo.width, photo.height, photo.alt_text)


class Labels:
    """The resident-facing status words in the active language, translated once per response."""

    def __init__(self):
        self.words = {value: str(public_label(value)) for value in FindingStatus.values}

    def __getitem__(self, value: str) -> str:
        word = self.words.get(value)
        return word if word is not None else str(public_label(value))


def responsibility_dict(organisation: str, deadline, status: str, *, today, labels: Labels) -> dict:
    return {
        "organisation": organisation,
        "deadline": deadline.isoformat() if deadline else None,
        "status": status,
        "status_label": labels[status],
        # Responsibility.is_overdue, for a row
        "overdue": status not in CLOSED_RESPONSIBILITY_STATUSES and deadline_passed(deadline, today),
    }


def finding_dict(
    finding: Mapping,
    *,
    category: str,
    status_at_follow_up: str | None,
    responsibilities: list[dict],
    latest_note: tuple[str, object] | None,
    photo: dict | None,
    labels: Labels,
) -> dict:
    """One public finding as the API shows it; `finding` holds its own columns (id, title, description,
    location, latitude, longitude, status, status_reason)."""
    status = finding["status"]
    latitude = finding["latitude"]
    return {
        "id": finding["id"],
        "title": finding["title"],
        "description": finding["description"],
        "category": category,  # in the language the API is asked in (its Danish name without one)
        "location": finding["location"],
        "coordinates": (
            {"latitude": float(latitude), "longitude": float(finding["longitude"])} if latitude is not None else None
        ),
        "status": status,
        "status_label": labels[status],  # the word residents read on the walk page
        "status_reason": finding["status_reason"] if status == FindingStatus.CANNOT_BE_RESOLVED else "",
        "status_at_follow_up": status_at_follow_up,
        "responsibilities": responsibilities,
        "latest_public_note": (
            {"text": latest_note[0], "date": latest_note[1].isoformat()} if latest_note is not None else None
        ),
        # A public finding's photo is public; its address goes through the serving view (no storage URL).
        "photo": photo,
    }


OWN_COLUMNS = ("id", "title", "description", "location", "latitude", "longitude", "status", "status_reason")


def public_finding_dict(item: ReportItem) -> dict:
    """A finding of the walk report, in the API's shape."""
    finding = item.finding
    update = item.latest_public_update
    labels = Labels()
    today = timezone.localdate()
    return finding_dict(
        {name: getattr(finding, name) for name in OWN_COLUMNS},
        category=str(finding.category),
        status_at_follow_up=item.status_at_follow_up,
        responsibilities=[
            responsibility_dict(
                responsibility.organisation.name,
                responsibility.deadline,
                responsibility.status,
                today=today,
                labels=labels,
            )
            for responsibility in item.responsibilities
        ],
        latest_note=(update.public_note, update.created_at) if update is not None else None,
        photo=public_photo(finding.photo),
        labels=labels,
    )


# Rows of many walks at once --------------------------------------------------------------------------------


def _model(name: str):
    return apps.get_model("safety_walks", name)  # this module is imported by the page models


PHOTO_COLUMNS = ("photo__token", "photo__width", "photo__height", "photo__alt_text")


def public_findings_of(walks: Iterable) -> dict[int, list[dict]]:
    """The public findings of each walk (in the default locale: `WalkPage.source`), by the walk's id, in the
    report's order; seven queries at most however many walks and findings."""
    walk_ids = {walk.pk for walk in walks}
    result = {walk_id: [] for walk_id in walk_ids}
    if not walk_ids:
        return result
    findings = _model("Finding").objects.public().filter(walk_id__in=walk_ids)
    rows = sorted(
        findings.values(*OWN_COLUMNS, "walk_id", "priority", "category_id", "photo_id", *PHOTO_COLUMNS),
        key=lambda row: report_position(row["status"], row["priority"], row["id"]),
    )
    if not rows:
        return result
    public_ids = findings.values("pk")
    categories = {
        category.pk: str(category)
        for category in _model("FindingCategory").objects.filter(pk__in={row["category_id"] for row in rows})
    }
    labels, links, today = Labels(), PhotoLinks(), timezone.localdate()
    responsibilities = defaultdict(list)
    for finding_id, organisation, deadline, status in (
        _model("Responsibility")
        .objects.filter(finding__in=public_ids)
        .order_by("sort_order", "pk")
        .values_list("finding_id", "organisation__name", "deadline", "status")
    ):
        responsibilities[finding_id].append(
            responsibility_dict(organisation, deadline, status, today=today, labels=labels)
        )
    latest_notes = {
        finding_id: (note, created_at)  # the newest wins: oldest first
        for finding_id, note, created_at in _model("FindingUpdate")
        .objects.with_public_note()
        .filter(finding__walk_id__in=walk_ids)
        .order_by("created_at", "pk")
        .values_list("finding_id", "public_note", "created_at")
    }
    # The status each finding had when its walk's follow-up meeting was held (none while it is planned).
    at_follow_up = dict(
        _model("FindingSnapshot")
        .objects.filter(meeting__walk_id__in=walk_ids, meeting__held_on__isnull=False)
        .values_list("finding_id", "status")
    )
    for row in rows:
        finding_id = row["id"]
        photo = None
        if row["photo_id"] is not None:
            photo = links.photo_dict(*(row[name] for name in PHOTO_COLUMNS))
        result[row["walk_id"]].append(
            finding_dict(
                row,
                category=categories.get(row["category_id"], ""),
                status_at_follow_up=at_follow_up.get(finding_id),
                responsibilities=responsibilities.get(finding_id, []),
                latest_note=latest_notes.get(finding_id),
                photo=photo,
                labels=labels,
            )
        )
    return result
