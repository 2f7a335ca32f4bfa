"""Wagtail's API v2 of the estate website: its published pages, plus the plugin's endpoints in one call."""

from wagtail.api.v2.router import WagtailAPIRouter

from estates.api import PublicPagesAPIViewSet, register_endpoints

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
register_endpoints(api_router)
