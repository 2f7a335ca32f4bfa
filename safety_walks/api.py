"""The walks in the API (`/api/v2/walks/`, `/api/v2/pages/?type=safety_walks.WalkPage`): filtered by housing area.

`?areas=nordparken` keeps the walks through that housing area (the slug the site's addresses use); an
unknown slug answers 400 with a message. Registered with `PAGE_FILTERS` (see `estates.api_filters`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.api.v2.utils import BadRequestError

from estates.api_filters import PageTypeFilter
from estates.models import HousingArea
from safety_walks.models import WalkPage

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
