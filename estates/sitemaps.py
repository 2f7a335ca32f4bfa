"""The sitemap with the public address: Wagtail's own names each page under the Site record's hostname.

A host mounts it instead of Wagtail's view (see the README):

    from estates.sitemaps import sitemap
    path("sitemap.xml", sitemap),
"""

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from estates.hosts import public_origin


class PublicAddressSitemap(Sitemap):
    """Wagtail's sitemap of the request's Site, each location moved from the Site's root onto
    `estates.hosts.public_origin` (the public address, or the host the client asked)."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        site_root = self.get_wagtail_site().root_url
        origin = public_origin(self.request)
        for info in urls:
            location = info["location"]
            if location == site_root or location.startswith(site_root + "/"):
                info["location"] = origin + location[len(site_root) :]
        return urls


def sitemap(request, **kwargs):
    """Wagtail's sitemap view with `PublicAddressSitemap`."""
    return wagtail_sitemap(request, sitemaps={"wagtail": PublicAddressSitemap}, **kwargs)
