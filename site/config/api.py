"""Wagtail's API v2: published pages and images, read-only, for a headless front end."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from estates.discovery import app_modules
from estates.privacy import public_images


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Only images that may be public: not the photos of internal findings or partners' working photos."""

    def get_queryset(self):
        return public_images().order_by("id")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)

# Plugin apps add their own endpoints in `<app>/api.py` with `register_endpoints(router)`.
for module in app_modules("api"):
    if hasattr(module, "register_endpoints"):
        module.register_endpoints(api_router)
