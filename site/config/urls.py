"""URLs of the estate website: admin, API, search, sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api_router
from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("boligsocial/", include("estates.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("search/", home_views.search, name="search"),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Wagtail images are served by the app itself in small deployments; put a CDN in front if needed.
    from django.views.static import serve

    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
