"""A host URLconf whose router gets the plugin's endpoints first and Wagtail's `pages` last."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from estates.api import register_endpoints

host_api = WagtailAPIRouter("hostapi")
register_endpoints(host_api)
host_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("api/v2/", host_api.urls),
    path("", include(wagtail_urls)),
]
