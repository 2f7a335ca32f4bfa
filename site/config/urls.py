"""URLs of the estate website: admin, API, search, sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
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
    path("boligsocial/", include("estates.urls")),
    # The footer's language switch carries no CSRF token, so every public page can come from the page cache
    # (a token is a visitor's own). A forged switch changes only the language of the forger's target.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("search/", home_views.search, name="search"),
    path("sitemap.xml", sitemap),
]

# Media through the plugin's view, in development and production alike: an image not used on a live public
# page only to users with rights on it; photos of findings live outside MEDIA_ROOT (README: Photos and media).
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve_media, name="media")]

urlpatterns += [path("", include(wagtail_urls))]
