"""The walks in the API (`/api/v2/walks/`, `/api/v2/pages/?type=safety_walks.WalkPage`): filtered by housing area.

`?areas=nordparken` keeps the walks through that housing area (the slug the site's addresses use); an
unknown slug answers 400 with a message. Registered with `PAGE_FILTERS` (see `estates.api_filters`).
A walk's `public_findings` and `progress` are read for every walk of a response at once (`PAGE_FIELDS`, see
`estates.api.PageFieldsMixin`): a fixed number of queries, rows rather than model instances. A walk's detail
keeps its `public_findings` in the cache the walk page keeps its report in, under the report's fingerprint
(`reports.report_fingerprint`, see `findings_key`).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.fields import Field
from wagtail.api.v2.utils import BadRequestError

from estates.api_filters import PageTypeFilter
from estates.models import HousingArea
from safety_walks.models import WalkPage
from safety_walks.models.pages import REPORT_CACHE_SECONDS
from safety_walks.reports import report_fingerprint, walks_progress
from safety_walks.serializers import public_findings_of

API_AREAS = "areas"


class WalkAreaFilter(PageTypeFilter):
    model = WalkPage
    parameters = frozenset({API_AREAS})

    def filter_pages(self, query, pages):
        slug = (query.get(API_AREAS) or "").strip()
        if not slug:
            return pages
        area = HousingArea.objects.filter(slug=slug).first()
        if area is None:
            raise BadRequestError(_("We do not know the housing area “%(value)s”.") % {"value": slug[:80]})
        return pages.filter(areas=area)


PAGE_FILTERS = [WalkAreaFilter]


class WalksField(Field):
    """A walk's API field worked out for every walk of the response at once (the listing's walks, or the one
    walk of a detail), from the walks in the default locale (`WalkPage.source`)."""

    def __init__(self):
        super().__init__(source="*", read_only=True)
        self.by_walk = None

    def to_representation(self, walk):
        source = walk.source
        if self.by_walk is None or source.pk not in self.by_walk:
            self.by_walk = self.of_walks([page.source for page in self.walks_shown(walk)])
        return self.by_walk[source.pk]

    def walks_shown(self, walk) -> list[WalkPage]:
        shown = getattr(self.root, "instance", None)
        walks = [page for page in shown if isinstance(page, WalkPage)] if isinstance(shown, list | QuerySet) else []
        return walks if walk in walks else [*walks, walk]

    def of_walks(self, walks: list[WalkPage]) -> dict:
        raise NotImplementedError


def findings_key(walk: WalkPage) -> str:
    """The cache key of a walk's (`WalkPage.source`) public findings in the API: the report's fingerprint, which
    changes whenever anything they show may have changed."""
    return f"safety_walks.api.public_findings.{walk.pk}.{report_fingerprint(walk)}"


class PublicFindingsField(WalksField):
    """A detail's findings are served from the cache (see `findings_key`); a listing's are read for its walks."""

    def to_representation(self, walk):
        if isinstance(getattr(self.root, "instance", None), list | QuerySet):
            return super().to_representation(walk)
        source = walk.source
        key = findings_key(source)
        findings = cache.get(key)
        if findings is None:
            findings = public_findings_of([source])[source.pk]
            cache.set(key, findings, REPORT_CACHE_SECONDS)
        return findings

    def of_walks(self, walks):
        return public_findings_of(walks)


class ProgressField(WalksField):
    def of_walks(self, walks):
        return {walk_id: progress.as_dict() for walk_id, progress in walks_progress(walks).items()}


# The walk page's API fields `public_findings` and `progress`, served for the whole response at once.
PAGE_FIELDS = {WalkPage: {"public_findings": PublicFindingsField, "progress": ProgressField}}
