"""The plugin's API endpoints, registered on the host's own WagtailAPIRouter with one call.

    from estates.api import register_endpoints
    register_endpoints(api_router)

adds `images` (public images only), `areas` (the housing areas, whose slugs the filters take), every app's
own endpoints (`<app>/api.py` with `register_endpoints(router)`, e.g. community's `occurrences`) and one
endpoint per plugin page type an app names in `<app>/install.py` as `API_PAGE_ENDPOINTS` (e.g. `walks`,
`activities`); pages endpoints read the apps' filters (`estates.api_filters`) and serve the fields apps give
their page types (`PAGE_FIELDS` in `<app>/api.py`, see `PageFieldsMixin`). The check
`boligsocial.E008` (estates/checks.py) asks `registered_routers()` whether this was done and mounted.
"""

from functools import cache

from django.db.models import prefetch_related_objects
from django.urls import NoReverseMatch
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from estates.api_filters import PageFiltersMixin
from estates.discovery import app_modules
from estates.guards import QueryGuardMixin
from estates.hosts import public_url
from estates.models import HousingArea
from estates.public_images import public_images

_routers = []


class PublicHtmlUrlField(PageHtmlUrlField):
    """A page's `html_url` on the public address or the request's host (`estates.hosts`), not the Site
    record's hostname (often `localhost`)."""

    def to_representation(self, page):
        try:
            return public_url(self.context["request"], page)
        except NoReverseMatch:
            return None


class PublicRelatedPageSerializer(PageSerializer):
    html_url = PublicHtmlUrlField(read_only=True)


class PublicParentField(PageParentField):
    def get_attribute(self, instance):
        """The page's parent if the request may see it, in one query (Wagtail reads the parent, then asks
        whether it is among the visible pages)."""
        if len(instance.path) <= instance.steplen:
            return None  # the tree's root has no parent
        return self.context["base_queryset"].filter(path=instance.path[: -instance.steplen]).first()

    def to_representation(self, value):
        return nested_page(self, value)


class PublicAliasOfField(PageAliasOfField):
    def to_representation(self, value):
        return nested_page(self, value)


def nested_page(field, page) -> dict:
    """A parent or alias in `meta`, as Wagtail shows it, with the public `html_url`."""
    names = ["id", "type", "detail_url", "html_url", "title"]
    serializer_class = get_serializer_class(
        page.__class__, names, meta_fields=["type", "detail_url", "html_url"], base=PublicRelatedPageSerializer
    )
    return serializer_class(context=field.context).to_representation(page)


class PublicPageSerializer(PageSerializer):
    html_url = PublicHtmlUrlField(read_only=True)
    parent = PublicParentField(read_only=True)
    alias_of = PublicAliasOfField(read_only=True)


@cache
def page_fields() -> tuple[tuple[type, dict], ...]:
    """Every app's `PAGE_FIELDS` (its `api.py`: `{PageModel: {"api_field_name": SerializerFieldClass}}`)."""
    return tuple(item for module in app_modules("api") for item in getattr(module, "PAGE_FIELDS", {}).items())


class PageFieldsMixin:
    """For a pages endpoint: the serializer fields apps give their page types' API fields, in place of the
    page's own attribute (a walk's findings read for every walk of the response at once, not walk by walk)."""

    @classmethod
    def get_field_serializer_overrides(cls, model):
        overrides = super().get_field_serializer_overrides(model)
        for page_model, fields in page_fields():
            if issubclass(model, page_model):
                overrides.update({name: field() for name, field in fields.items()})
        return overrides


class PageQueriesMixin:
    """For a pages endpoint: the pages the request may see worked out once per request (Wagtail asks for them
    for the listing or detail, again for the serializer's context and again for a listing: two queries each),
    and a detail's specific page keeps the locale read with the page (Wagtail reads it again otherwise)."""

    def get_base_queryset(self):
        if not hasattr(self, "_visible_pages"):
            self._visible_pages = super().get_base_queryset()
        return self._visible_pages

    def get_object(self):
        page = super().get_object()
        generic = getattr(self, "_cached_object", page)  # the generic page Wagtail read (BaseAPIViewSet)
        if generic is not page and Page.locale.is_cached(generic) and not Page.locale.is_cached(page):
            page.locale = generic.locale
        return page


class CompactJSONMixin:
    """JSON without Wagtail's pretty-printing (`indent=4` forces Python's slow pure-Python encoder: much of a
    300-finding walk's time); the same data, keys in the same order. A client may still ask for indentation:
    `Accept: application/json; indent=4`."""

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context


class PublicPagesAPIViewSet(
    QueryGuardMixin, CompactJSONMixin, PageFiltersMixin, PageFieldsMixin, PageQueriesMixin, PagesAPIViewSet
):
    """Published pages; odd parameters answer 400 (search words are cleaned as on the site, see
    `estates.guards`), pages are linked on the public address, each page type prefetches what it shows, and
    the apps' filters read slugs and codes (`?type=community.ActivityPage&areas=nordparken`, see
    `estates.api_filters`)."""

    base_serializer_class = PublicPageSerializer

    def get_queryset(self):
        return self.with_prefetch(super().get_queryset())

    def get_object(self):
        """The page of a detail, specific (Wagtail reads it again for that), with what its type prefetches."""
        page = super().get_object()
        prefetch = getattr(type(page), "api_prefetch_related", ())
        if prefetch:
            prefetch_related_objects([page], *prefetch)
        return page

    @staticmethod
    def with_prefetch(queryset):
        queryset = queryset.select_related("locale")
        prefetch = getattr(queryset.model, "api_prefetch_related", ())
        return queryset.prefetch_related(*prefetch) if prefetch else queryset


class PageTypeAPIViewSet(PublicPagesAPIViewSet):
    """Published pages of one type (the subclass's `model`) only; a `type` parameter cannot widen it."""

    def get_queryset(self):
        visible = self.get_base_queryset().values_list("pk", flat=True)
        return self.with_prefetch(self.model.objects.filter(pk__in=visible))


class PublicImagesAPIViewSet(QueryGuardMixin, CompactJSONMixin, ImagesAPIViewSet):
    """Only images that may be public: not the photos of internal findings or partners' working photos."""

    def get_queryset(self):
        return public_images().order_by("id")


class HousingAreasAPIViewSet(QueryGuardMixin, CompactJSONMixin, BaseAPIViewSet):
    """The housing areas: their `slug` is what `?areas=` takes on activities, walks and occurrences."""

    model = HousingArea
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]  # ?slug=, ?order=, ?search= as Wagtail's own
    body_fields = [*BaseAPIViewSet.body_fields, "name", "slug", "description"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "name", "slug"]

    def get_queryset(self):
        return HousingArea.objects.order_by("name")


def page_type_endpoint(model) -> type[PageTypeAPIViewSet]:
    return type(f"{model.__name__}APIViewSet", (PageTypeAPIViewSet,), {"model": model})


def register_endpoints(router) -> None:
    """Register the plugin's endpoints on the host's router. `images` replaces an images endpoint the host
    registered before: Wagtail's own lists every image, private photos included."""
    router.register_endpoint("images", PublicImagesAPIViewSet)
    router.register_endpoint("areas", HousingAreasAPIViewSet)
    for module in app_modules("api"):
        if module.__name__ != __name__ and hasattr(module, "register_endpoints"):
            module.register_endpoints(router)
    for module in app_modules("install"):
        for name, model in getattr(module, "API_PAGE_ENDPOINTS", {}).items():
            router.register_endpoint(name, page_type_endpoint(model))
    guard_every_endpoint(router)
    if router not in _routers:
        _routers.append(router)


def guard_every_endpoint(router) -> None:
    """Give every endpoint on the router (the host's own `pages` too) `QueryGuardMixin`: odd parameters answer
    400, never 500, and answers compact JSON (`CompactJSONMixin`); Wagtail's own pages endpoint also names pages
    on the public address (`html_url`), reads the apps' filters (`PageFiltersMixin`), serves their fields
    (`PageFieldsMixin`) and reads the visible pages once (`PageQueriesMixin`).
    WagtailAPIRouter keeps its endpoints in `_endpoints` (name -> class) and builds its URLs
    from it when they are first read, so a class swapped here is the one served."""
    for name, endpoint in list(router._endpoints.items()):
        if not issubclass(endpoint, QueryGuardMixin):
            extra = {}
            if getattr(endpoint, "base_serializer_class", None) is PageSerializer:  # links on the public address
                extra["base_serializer_class"] = PublicPageSerializer
            # A pages endpoint also reads the apps' filters (`areas=nordparken` on activities and walks).
            pages = issubclass(endpoint, PagesAPIViewSet)
            page_mixins = (PageFiltersMixin, PageFieldsMixin, PageQueriesMixin) if pages else ()
            bases = (QueryGuardMixin, CompactJSONMixin, *page_mixins)
            router._endpoints[name] = type(endpoint.__name__, (*bases, endpoint), extra)
        elif not issubclass(endpoint, CompactJSONMixin):
            router._endpoints[name] = type(endpoint.__name__, (CompactJSONMixin, endpoint), {})


def registered_routers() -> list:
    """The routers `register_endpoints` was called with in this process."""
    return list(_routers)
