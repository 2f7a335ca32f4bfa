"""Builders for safety-walk tests: real pages under a real home page, findings and responsibilities.

The one builder per model of the safety_walks app; tests/reminders/helpers.py re-exports these names.
"""

import io
import itertools
from datetime import date, datetime, time, timedelta

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from estates.photos import photo_store
from safety_walks import services
from safety_walks.models import (
    Finding,
    FindingCategory,
    FollowUpMeeting,
    Responsibility,
    ThemeMeeting,
    WalkIndexPage,
    WalkPage,
)
from tests.builders import make_home_page

_counter = itertools.count(1)


def make_walk_index() -> WalkIndexPage:
    existing = WalkIndexPage.objects.first()
    if existing:
        return existing
    return make_home_page().add_child(instance=WalkIndexPage(title="Tryghedsvandringer", slug="tryghedsvandringer"))


def make_walk(*, areas=(), publish=True, walk_date: datetime | str | None = None, **kwargs) -> WalkPage:
    """A walk under the list of walks, published by default. `walk_date` may be an ISO string; the
    follow-up date defaults (in the model) to six months after the walk."""
    n = next(_counter)
    if isinstance(walk_date, str):
        walk_date = datetime.fromisoformat(walk_date)
    kwargs.setdefault("title", f"Tryghedsvandring {n}")
    kwargs.setdefault("slug", f"vandring-{n}")
    walk = WalkPage(walk_date=walk_date or timezone.make_aware(datetime(2026, 5, 12, 17, 0)), **kwargs)
    walk.areas = list(areas)
    make_walk_index().add_child(instance=walk)
    if publish:
        walk.save_revision().publish()
    else:
        walk.unpublish()
    return walk


def make_responsibility(finding: Finding, organisation, **kwargs) -> Responsibility:
    """A responsibility row as given (unvalidated: a test may build an old or odd state), after which the
    finding's status is derived as every service that changes a responsibility does."""
    responsibility = Responsibility.objects.create(finding=finding, organisation=organisation, **kwargs)
    services.finding_derive_status(finding=finding)
    return responsibility


def make_finding(walk: WalkPage, *, responsibilities=(), **kwargs) -> Finding:
    """A finding on `walk`; `responsibilities` are (organisation, status, deadline in days after the walk)."""
    kwargs.setdefault("title", f"Fund {next(_counter)}")
    kwargs.setdefault("category", FindingCategory.objects.first())
    finding = Finding.objects.create(walk=walk, **kwargs)
    for organisation, status, deadline_days in responsibilities:
        make_responsibility(
            finding,
            organisation,
            status=status,
            deadline=timezone.localdate(walk.walk_date) + timedelta(days=deadline_days),
        )
    return Finding.objects.get(pk=finding.pk) if responsibilities else finding


def make_theme_meeting(*, walks=(), **kwargs) -> ThemeMeeting:
    kwargs.setdefault("title", f"Temamøde {next(_counter)}")
    kwargs.setdefault("problem", "Utryghed ved stationen")
    kwargs.setdefault("starts_at", timezone.make_aware(datetime(2026, 6, 1, 19, 0)))
    kwargs.setdefault("place", "Beboerhuset")
    meeting = ThemeMeeting.objects.create(**kwargs)
    meeting.walks.add(*walks)
    return meeting


def make_follow_up_meeting(walk: WalkPage, **kwargs) -> FollowUpMeeting:
    kwargs.setdefault("held_on", date(2026, 11, 1))
    return FollowUpMeeting.objects.create(walk=walk, **kwargs)


def make_planned_walk(*, days_ahead: int = 30, hour: int = 17, **kwargs) -> WalkPage:
    """A published walk that lies ahead (an invitation), at `hour` o'clock `days_ahead` days from today."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    kwargs.setdefault("meeting_point", "Foran beboerhuset, Nordparken 12")
    kwargs.setdefault("route_description", "Rundt om blokkene og gennem tunnelen")
    kwargs.setdefault("walk_ends_at", time(hour + 2))
    return make_walk(walk_date=timezone.make_aware(datetime.combine(day, time(hour))), **kwargs)


def make_planned_follow_up_meeting(walk: WalkPage, **kwargs) -> FollowUpMeeting:
    """A planned (not yet held) follow-up meeting, 17-19 on the walk's follow-up date by default."""
    kwargs.setdefault("planned_on", walk.follow_up_date)
    kwargs.setdefault("starts_at", time(17))
    kwargs.setdefault("ends_at", time(19))
    kwargs.setdefault("place", "Beboerhuset")
    return FollowUpMeeting.objects.create(walk=walk, **kwargs)


def png_bytes(size=(40, 30), color="green") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title="Foto"):
    return get_image_model().objects.create(title=title, file=ImageFile(io.BytesIO(png_bytes()), name=f"{title}.png"))


def make_photo(alt_text="", size=(40, 30)):
    """A finding's or an update's photo (estates.Photo), stored as an upload would be."""
    return photo_store(
        upload=SimpleUploadedFile("foto.png", png_bytes(size=size), "image/png"), uploaded_by=None, alt_text=alt_text
    )
