"""URLs of the estate website: admin, API, search, sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api_router
from estates import media
from estates.sitemaps import sitemap
from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
]

# Media through the plugin's view, in development and production alike: an image not used on a live public
# page only to users with rights on it; photos of findings live outside MEDIA_ROOT (README: Photos and media).
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve_media, name="media")]

# Every address a resident reads carries its language (/da/, /en/, /ar/ ...): pages, search, the plugin's forms,
# feeds and the links in its mails. An address without one goes to the visitor's remembered or browser language.
urlpatterns += i18n_patterns(
    path("boligsocial/", include("estates.urls")),
    path("search/", home_views.search, name="search"),
    path("", include(wagtail_urls)),
)
