"""Purging cached public pages when what they show changes: the embedded page cache and any proxy or CDN.

Wagtail's `wagtail.contrib.frontend_cache` purges a page from the configured WAGTAILFRONTENDCACHE backends
when it is published or unpublished. `DjangoCacheBackend` is such a backend for the embedded page cache
(estates/page_cache.py, served by estates/cache_middleware.py). The plugin's working data (findings,
updates, occurrences, meetings) is not a page: each app declares in its `cache_purge.py` which addresses a
changed row shows on, with `@purges(Model, ...)`; `connect()` (estates/apps.py, after importing every
app's `cache_purge` module) hooks those functions to post_save and post_delete.

A purge function returns absolute or site-relative URLs; a URL ending in `*` stands for everything under
it (the embedded cache forgets them all; a proxy is sent the URL without the star, or with it for
backends that understand wildcards, such as CloudFront).

Site-wide answers (the API, the Atom feeds, a host's search: estates.cache_middleware) are forgotten by any purge
(estates.page_cache keeps them under the purge token). A view restriction added, changed or removed is a page
change (the page leaves or joins what anonymous visitors and the API see).

Every language: working data hangs off the default locale's page (estates.i18n), and it shows on that page's
translations and aliases too (/ar/..., /en/...), and under each language prefix where Wagtail serves the Danish
page itself (a language without pages of its own). `page_urls` names all of those addresses.
"""

import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from estates import page_cache

logger = logging.getLogger("boligsocial")

BENEATH = "*"
PurgeFunction = Callable[[Model], Iterable[str]]
_registry: dict[type[Model], list[PurgeFunction]] = {}


class DjangoCacheBackend(BaseBackend):
    """A WAGTAILFRONTENDCACHE backend that forgets pages in the embedded page cache (Django's cache)."""

    def purge(self, url) -> None:
        _purge_own(url)

    def purge_batch(self, urls) -> None:
        for url in urls:
            _purge_own(url)


def _purge_own(url: str) -> None:
    path = urlsplit(url).path or "/"
    if path.endswith(BENEATH):
        page_cache.purge_path(path.removesuffix(BENEATH), beneath=True)
    else:
        page_cache.purge_path(path)


def _other_backends() -> list[str]:
    """The names of the configured WAGTAILFRONTENDCACHE backends other than the embedded cache's."""
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return []
    configured = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    own = f"{DjangoCacheBackend.__module__}.{DjangoCacheBackend.__qualname__}"
    return [name for name, config in configured.items() if config.get("BACKEND") != own]


def _purge_proxies(urls: list[str]) -> None:
    names = _other_backends()
    if names:
        absolute = sorted({url.removesuffix(BENEATH) for url in urls if urlsplit(url).netloc})
        purge_urls_from_cache(absolute, backends=names)


def purge(urls: Iterable[str]) -> None:
    """Forget these URLs now and once more when the transaction commits (a request that read the old rows
    before the commit must not store its page afterwards), and ask any proxy or CDN after the commit."""
    urls = sorted(set(urls))
    if not urls:
        return
    for url in urls:
        _purge_own(url)

    def after_commit():
        for url in urls:
            _purge_own(url)
        try:
            _purge_proxies(urls)
        except Exception:  # a proxy that does not answer must not fail the change itself
            logger.exception("Purging %d URL(s) from the frontend cache failed", len(urls))

    transaction.on_commit(after_commit)


def purge_everything() -> None:
    page_cache.purge_everything()
    transaction.on_commit(page_cache.purge_everything)


# --- what a page shows on -----------------------------------------------------------------------------


def page_urls(page: Page, *, beneath: bool = True) -> list[str]:
    """A live page's cached addresses (Wagtail's `get_cached_paths`) and, with `beneath`, everything under
    its address (its routable sub-pages: a walk's findings, a calendar's months and feed): in every language,
    the page's live translations and aliases and each language prefix of its own addresses (one query)."""
    urls = _own_urls(page, beneath=beneath)
    urls += _in_every_language(urls)
    for version in Page.objects.live().filter(translation_key=page.translation_key).exclude(pk=page.pk):
        urls += _own_urls(version, beneath=beneath)
    return list(dict.fromkeys(urls))


def _own_urls(page: Page, *, beneath: bool) -> list[str]:
    url = page.get_full_url()
    if url is None:
        return []
    urls = [url + path.lstrip("/") for path in page.specific_deferred.get_cached_paths()]
    if beneath:
        urls.append(url + BENEATH)
    return urls


def _in_every_language(urls: list[str]) -> list[str]:
    """The addresses again under each other language's prefix (/da/x/ as /ar/x/, /so/x/ ...)."""
    codes = [code for code, _name in settings.LANGUAGES]
    found = []
    for url in urls:
        parts = urlsplit(url)
        segments = parts.path.split("/", 2)  # "", "da", "x/..."
        if len(segments) < 3 or segments[1] not in codes:
            continue
        for code in codes:
            if code != segments[1]:
                found.append(urlunsplit(parts._replace(path=f"/{code}/{segments[2]}")))
    return found


def page_and_ancestor_urls(page: Page) -> list[str]:
    """The page with everything under it, and each ancestor's own addresses (the lists that show it: a
    walk index, a calendar, the home page with its area routes when it lists them in `get_cached_paths`)."""
    urls = page_urls(page)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
        urls += page_urls(ancestor, beneath=False)
    return urls


# --- registration -------------------------------------------------------------------------------------


def purges(*models: type[Model]) -> Callable[[PurgeFunction], PurgeFunction]:
    """Declare that a change to a row of `models` changes the public pages at the URLs the function returns."""

    def register(function: PurgeFunction) -> PurgeFunction:
        for model in models:
            _registry.setdefault(model, []).append(function)
        return function

    return register


def urls_for(instance: Model) -> list[str]:
    urls = []
    for function in _registry.get(type(instance), []):
        try:
            urls += function(instance)
        except ObjectDoesNotExist:  # its page went first (a cascade): that deletion purged it
            continue
    return urls


def enabled() -> bool:
    """Whether anything caches pages: the embedded page cache, or a proxy or CDN Wagtail purges."""
    return page_cache.seconds() > 0 or bool(_other_backends())


def _on_change(sender, instance, **kwargs):
    if kwargs.get("raw") or not enabled():  # fixtures; no cache to purge (no queries spent on its URLs)
        return
    purge(urls_for(instance))


def _on_page_change(sender, instance=None, **kwargs):
    # A page's title, place or presence shows in menus, lists and the home page of every address.
    if page_cache.seconds() > 0:
        purge_everything()


def _site_wide_models() -> list[type[Model]]:
    """Rows every page shows: housing areas (the area menu) and Wagtail site settings (the footer). (A page's view
    restriction purges everything as well: `connect`.)"""
    settings_models = [m for m in apps.get_models() if issubclass(m, BaseSiteSetting | BaseGenericSetting)]
    return [apps.get_model("estates", "HousingArea"), *settings_models]


def connect() -> None:
    """Hook every registered purge function to its models' saves and deletions, and page changes to a
    site-wide purge. Called once from estates' AppConfig.ready after the `cache_purge` modules are imported."""
    for model in _registry:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"boligsocial-purge-save-{model._meta.label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"boligsocial-purge-delete-{model._meta.label}")
    for model in [*_site_wide_models(), PageViewRestriction]:
        for signal in (post_save, post_delete):
            signal.connect(_on_page_change, sender=model, dispatch_uid=f"boligsocial-purge-all-{model._meta.label}")
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(_on_page_change, dispatch_uid="boligsocial-purge-all-pages")
    # Per page model: a receiver without a sender would cost every bulk deletion of any model its fast path.
    for model in apps.get_models():
        if issubclass(model, Page):
            uid = f"boligsocial-purge-all-{model._meta.label}"
            post_delete.connect(_on_page_change, sender=model, dispatch_uid=uid)
