"""The demo host's URLs with staff's flat list of activities mounted as the Activities menu would mount it."""

from django.urls import include, path

from community.activity_listing import ActivityListingViewSet
from config.urls import urlpatterns as host_urlpatterns

listing = ActivityListingViewSet()

urlpatterns = [
    path(f"admin/{listing.url_prefix}/", include((listing.get_urlpatterns(), listing.url_namespace))),
    *host_urlpatterns,
]
