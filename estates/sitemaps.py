"""The sitemap with the public address and every language: Wagtail's own names each page once, under the Site
record's hostname, in the default locale only.

Here each page of the default locale is listed with each of its live translations, every entry naming the
others as `hreflang` alternates (and the Danish page as `x-default`), as the pages' own `<link rel="alternate">`
do (estates.templatetags.boligsocial_i18n). The aliases wagtail-localize keeps of untranslated pages show the
Danish text under another address: not listed, as they are not alternates.

A host mounts it instead of Wagtail's view (see the README):

    from estates.sitemaps import sitemap
    path("sitemap.xml", sitemap),
"""

from collections import defaultdict

from django.conf import settings
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from estates import i18n
from estates.hosts import public_origin


class PublicAddressSitemap(Sitemap):
    """Wagtail's sitemap of the request's Site in every language, each location moved from the Site's root onto
    `estates.hosts.public_origin` (the public address, or the host the client asked)."""

    def items(self):
        """The Site's live, public pages in the default locale (their translations are read per sitemap page)."""
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().public()
        return i18n.in_source_locale(pages).order_by("path").only("translation_key")

    def _urls(self, page, protocol, domain):
        urls = []
        sources = list(self.paginator.page(page).object_list)
        versions = self._translations(sources)
        for source in sources:
            found = versions.get(source.translation_key) or [(settings.LANGUAGE_CODE, source)]
            entries = [
                (code, info)
                for code, version in found
                for info in self._located(version.get_sitemap_urls(self.request))
                if info["location"]
            ]
            alternates = [{"lang_code": code, "location": info["location"]} for code, info in entries]
            if len(alternates) > 1:
                default = next((a["location"] for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
                if default:
                    alternates.append({"lang_code": "x-default", "location": default})
            for _code, info in entries:
                urls.append({**info, "alternates": alternates if len(entries) > 1 else []})
        last_mods = {info.get("lastmod") for info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _translations(self, sources) -> dict:
        """{translation key: [(language code, page)]}: each source page and its live, public real translations
        (one query for the sitemap's page, specific pages for their own sitemap URLs)."""
        keys = {source.translation_key for source in sources}
        versions = defaultdict(list)
        pages = (
            Page.objects.live()
            .public()
            .filter(translation_key__in=keys, alias_of__isnull=True)
            .select_related("locale")
            .order_by("locale__language_code")
            .specific()
        )
        for version in pages:
            versions[version.translation_key].append((version.locale.language_code, version))
        for found in versions.values():  # the default language first, as Wagtail's own sitemap lists it
            found.sort(key=lambda item: item[0] != settings.LANGUAGE_CODE)
        return versions

    def _located(self, urls: list[dict]) -> list[dict]:
        site_root = self.get_wagtail_site().root_url
        origin = public_origin(self.request)
        for info in urls:
            location = info["location"] or ""
            if location == site_root or location.startswith(site_root + "/"):
                info["location"] = origin + location[len(site_root) :]
        return urls


def sitemap(request, **kwargs):
    """Wagtail's sitemap view with `PublicAddressSitemap`."""
    return wagtail_sitemap(request, sitemaps={"wagtail": PublicAddressSitemap}, **kwargs)
