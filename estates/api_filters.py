"""Filters the plugin's apps add to Wagtail's pages endpoints, the Wagtail way: filter backends.

An app names them in its `api.py` as `PAGE_FILTERS = [SomeFilter]`; each is a `PageTypeFilter` for one
page type, answering the query parameters it names (`/api/v2/pages/?type=community.ActivityPage&areas=nordparken`,
`/api/v2/walks/?areas=nordparken`) with the values the API shows (slugs and codes, not internal ids). An
unknown value is a 400 with a message (`BadRequestError`), never a 500 and never an empty list that looks
like an answer. Wagtail's own `FieldsFilter` would read the same names as raw database values
(`areas=nordparken` as a primary key), so `ClaimedFieldsFilter` leaves them to the page type's filter.
`PageFiltersMixin` puts both on an endpoint; `estates.api` gives it to every pages endpoint on the router.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

from django.utils.functional import classproperty
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter

from estates.discovery import app_modules


class PageTypeFilter(BaseFilterBackend):
    """Query parameters of one page type (the subclass's `model` and its subclasses); other listings are
    left alone (Wagtail refuses the parameters there as unknown)."""

    model = None
    parameters: frozenset[str] = frozenset()

    @classmethod
    def applies_to(cls, model) -> bool:
        return cls.model is not None and issubclass(model, cls.model)

    def filter_queryset(self, request, queryset, view):
        if not self.applies_to(queryset.model) or not any(name in request.GET for name in self.parameters):
            return queryset
        chosen = self.filter_pages(request.GET, queryset.model.objects.all())
        # By primary key: the page type's own rule may join and de-duplicate; the listing keeps its order,
        # its count and Wagtail's search (which allows only indexed filter fields on its queryset).
        return queryset.filter(pk__in=chosen.values("pk"))

    def filter_pages(self, query, pages):
        """The pages of `pages` the parameters in `query` choose; raise BadRequestError for a bad value."""
        raise NotImplementedError


@cache
def page_type_filters() -> tuple[type[PageTypeFilter], ...]:
    """Every app's `PAGE_FILTERS` (its `api.py`), in INSTALLED_APPS order."""
    return tuple(backend for module in app_modules("api") for backend in getattr(module, "PAGE_FILTERS", ()))


def claimed_parameters(model) -> frozenset[str]:
    """The query parameters the page type's filters answer for listings of `model`."""
    backends = [backend for backend in page_type_filters() if backend.applies_to(model)]
    return frozenset(name for backend in backends for name in backend.parameters)


class ClaimedFieldsFilter(FieldsFilter):
    """Wagtail's field filter (`?title=...`, `?theme=...`) for every field a page type's filter does not
    answer itself."""

    def filter_queryset(self, request, queryset, view):
        claimed = claimed_parameters(queryset.model)
        if claimed.intersection(request.GET):
            query = request.GET.copy()
            for name in claimed:
                query.pop(name, None)
            request = SimpleNamespace(GET=query)  # FieldsFilter reads the query only
        return super().filter_queryset(request, queryset, view)


class PageFiltersMixin:
    """For a pages endpoint (before it in the bases): the apps' page-type filters first, then the endpoint's
    own (search stays last), and their parameters are known parameters for the page types they filter."""

    @classproperty
    def filter_backends(cls):
        after = cls.__mro__[cls.__mro__.index(PageFiltersMixin) + 1 :]
        own = next(klass.__dict__["filter_backends"] for klass in after if "filter_backends" in klass.__dict__)
        wagtails = [ClaimedFieldsFilter if backend is FieldsFilter else backend for backend in own]
        return [*page_type_filters(), *dict.fromkeys(wagtails)]  # Wagtail lists FieldsFilter twice

    def check_query_parameters(self, queryset):
        self.known_query_parameters = type(self).known_query_parameters | claimed_parameters(queryset.model)
        super().check_query_parameters(queryset)
