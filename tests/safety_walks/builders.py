"""Builders for safety-walk tests: real pages under a real home page."""

import io
import itertools
from datetime import datetime, timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from safety_walks.models import Finding, FindingCategory, Responsibility, WalkIndexPage, WalkPage
from tests.builders import make_home_page

_counter = itertools.count(1)


def make_walk_index() -> WalkIndexPage:
    existing = WalkIndexPage.objects.first()
    if existing:
        return existing
    return make_home_page().add_child(instance=WalkIndexPage(title="Tryghedsvandringer", slug="tryghedsvandringer"))


def make_walk(*, areas=(), publish=True, **kwargs) -> WalkPage:
    n = next(_counter)
    kwargs.setdefault("title", f"Tryghedsvandring {n}")
    kwargs.setdefault("slug", f"vandring-{n}")
    kwargs.setdefault("walk_date", timezone.make_aware(datetime(2026, 5, 12, 17, 0)))
    walk = WalkPage(**kwargs)
    walk.areas = list(areas)
    make_walk_index().add_child(instance=walk)
    if publish:
        walk.save_revision().publish()
    else:
        walk.unpublish()
    return walk


def make_finding(walk: WalkPage, *, responsibilities=(), **kwargs) -> Finding:
    kwargs.setdefault("title", f"Fund {next(_counter)}")
    kwargs.setdefault("category", FindingCategory.objects.first())
    finding = Finding.objects.create(walk=walk, **kwargs)
    for organisation, status, deadline_days in responsibilities:
        Responsibility.objects.create(
            finding=finding,
            organisation=organisation,
            status=status,
            deadline=timezone.localdate(walk.walk_date) + timedelta(days=deadline_days),
        )
    if responsibilities:
        finding = Finding.objects.get(pk=finding.pk)
        finding.save()
    return finding


def png_bytes(size=(40, 30), color="green") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title="Foto"):
    return get_image_model().objects.create(title=title, file=ImageFile(io.BytesIO(png_bytes()), name=f"{title}.png"))
