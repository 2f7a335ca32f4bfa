"""Wagtail's API v2: published pages and images, read-only, for a headless front end."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from estates.discovery import app_modules
from estates.privacy import public_images
from estates.search import clean_query


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Published pages; search words are cleaned as on the site, and each page type prefetches what it shows."""

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        prefetch = getattr(queryset.model, "api_prefetch_related", ())
        return queryset.prefetch_related(*prefetch) if prefetch else queryset

    def listing_view(self, request):
        if "search" in request.GET:
            request.GET = request.GET.copy()
            request.GET["search"] = clean_query(request.GET["search"])
        return super().listing_view(request)


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Only images that may be public: not the photos of internal findings or partners' working photos."""

    def get_queryset(self):
        return public_images().order_by("id")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)

# Plugin apps add their own endpoints in `<app>/api.py` with `register_endpoints(router)`.
for module in app_modules("api"):
    if hasattr(module, "register_endpoints"):
        module.register_endpoints(api_router)
