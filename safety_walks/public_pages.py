"""Wagtail's `PageQuerySet.public()` as one SQL condition: not below a page with a view restriction.

Wagtail's own `public()` reads every view restriction when the queryset is built, one query each time it is
called, even for a list never read. This asks the same question inside the list's own query.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def public_pages(pages: QuerySet) -> QuerySet:
    """The pages not in a private section: neither a restricted page nor one of its descendants (a page's tree
    path starts with the path of every page above it)."""
    restricted_above = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return pages.filter(~Exists(restricted_above))
