"""The plugin's API endpoints, registered on the host's own WagtailAPIRouter with one call.

    from estates.api import register_endpoints
    register_endpoints(api_router)

adds `images` (public images only), every app's own endpoints (`<app>/api.py` with
`register_endpoints(router)`, e.g. community's `occurrences`) and one endpoint per plugin page type an
app names in `<app>/install.py` as `API_PAGE_ENDPOINTS` (e.g. `walks`, `activities`). The check
`boligsocial.E008` (estates/checks.py) asks `registered_routers()` whether this was done and mounted.
"""

from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from estates.discovery import app_modules
from estates.public_images import public_images
from estates.search import clean_query

_routers = []


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Published pages; search words are cleaned as on the site, and each page type prefetches what it shows."""

    def get_queryset(self):
        return self.with_prefetch(super().get_queryset())

    @staticmethod
    def with_prefetch(queryset):
        queryset = queryset.select_related("locale")
        prefetch = getattr(queryset.model, "api_prefetch_related", ())
        return queryset.prefetch_related(*prefetch) if prefetch else queryset

    def listing_view(self, request):
        if "search" in request.GET:
            request.GET = request.GET.copy()
            request.GET["search"] = clean_query(request.GET["search"])
        return super().listing_view(request)


class PageTypeAPIViewSet(PublicPagesAPIViewSet):
    """Published pages of one type (the subclass's `model`) only; a `type` parameter cannot widen it."""

    def get_queryset(self):
        visible = self.get_base_queryset().values_list("pk", flat=True)
        return self.with_prefetch(self.model.objects.filter(pk__in=visible))


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Only images that may be public: not the photos of internal findings or partners' working photos."""

    def get_queryset(self):
        return public_images().order_by("id")


def page_type_endpoint(model) -> type[PageTypeAPIViewSet]:
    return type(f"{model.__name__}APIViewSet", (PageTypeAPIViewSet,), {"model": model})


def register_endpoints(router) -> None:
    """Register the plugin's endpoints on the host's router. `images` replaces an images endpoint the host
    registered before: Wagtail's own lists every image, private photos included."""
    router.register_endpoint("images", PublicImagesAPIViewSet)
    for module in app_modules("api"):
        if module.__name__ != __name__ and hasattr(module, "register_endpoints"):
            module.register_endpoints(router)
    for module in app_modules("install"):
        for name, model in getattr(module, "API_PAGE_ENDPOINTS", {}).items():
            router.register_endpoint(name, page_type_endpoint(model))
    if router not in _routers:
        _routers.append(router)


def registered_routers() -> list:
    """The routers `register_endpoints` was called with in this process."""
    return list(_routers)
