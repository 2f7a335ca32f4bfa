"""A host URLconf with its own API router on which the plugin's endpoints were never registered."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

host_api = WagtailAPIRouter("hostapi")
host_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", host_api.urls),
    path("", include(wagtail_urls)),
]
