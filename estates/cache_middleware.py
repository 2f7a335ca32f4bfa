"""Serves anonymous visitors' GET and HEAD requests for public pages from the embedded page cache.

Place it right after Django's LocaleMiddleware (it keys by the active language and must run before the
CSRF, authentication and message middleware). Only responses of Wagtail's page serving (pages and their
routable sub-pages) are kept, and only when they are plain public answers: status 200, no cookie set, no
CSRF token used (a page with a form), no `Vary: Cookie` from the view, no `Cache-Control: private`,
`no-cache` or `no-store`, not streamed, for a visitor without a session. A request that carries a session
cookie (anyone who is or was logged in, or entered a page password) or pending messages is never served
from the cache, nor is anything under the admin. Purges: estates/frontend_cache.py.

A client that accepts gzip gets a kept page's gzipped body (compressed once, when stored), on its first visit too;
every kept page says `Vary: Accept-Encoding`. Nothing else is compressed: a page with a form's CSRF token or a
visitor's own data is never kept, so never compressed (BREACH).

Site-wide answers are kept too, each only until the next purge of anything (estates.page_cache): the site's
Wagtail API (the routers `estates.api.register_endpoints` was given), for the endpoints in
`BOLIGSOCIAL_PAGE_CACHE_API_ENDPOINTS` (listings and details), and the views named in
`BOLIGSOCIAL_PAGE_CACHE_SITE_WIDE_VIEWS` (the plugin's Atom feeds; a host adds its search). What they answer is
pages and working data from anywhere, so no purge could name their addresses. An API answer varies on the `Accept`
header (JSON or the browsable API, indented or not): under the API's address the key has the request's `Accept`.
Anonymous answers only, as for pages: Wagtail leaves out pages with a view restriction for them. Not kept: `images`
(an upload or deletion purges nothing), the browsable API (it carries a CSRF token).
"""

import re
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.cache import cc_delim_re, get_max_age, patch_vary_headers
from django.utils.translation import get_language

from estates import page_cache
from estates.admin_paths import is_admin_request
from estates.api import registered_routers

HEADER = "X-Boligsocial-Cache"
# Wagtail's page-serving view; a host may add views of its own by URL name.
DEFAULT_VIEWS = ("wagtail_serve",)
# Views whose answers draw on the whole site (kept until the next purge of anything); a host may add its own.
DEFAULT_SITE_WIDE_VIEWS = ("boligsocial:following:walk_feed", "boligsocial:following:area_feed")
# The API endpoints whose listings and details are kept (by the name they are registered under).
DEFAULT_API_ENDPOINTS = ("pages", "walks", "activities", "occurrences", "areas")
API_ACTIONS = ("listing", "detail")
# A response may vary on the language (the key has it): any other Vary makes it uncacheable.
ALLOWED_VARY = {"accept-language"}
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")
# One coding of Accept-Encoding, with its optional quality ("gzip", "gzip;q=0.5", "*;q=0").
_CODING = re.compile(r"^\s*([\w*.-]+)\s*(?:;\s*q\s*=\s*([\d.]+))?\s*$")


def _views() -> tuple[str, ...]:
    return tuple(getattr(settings, "BOLIGSOCIAL_PAGE_CACHE_VIEWS", DEFAULT_VIEWS))


def _site_wide_views() -> tuple[str, ...]:
    return tuple(getattr(settings, "BOLIGSOCIAL_PAGE_CACHE_SITE_WIDE_VIEWS", DEFAULT_SITE_WIDE_VIEWS))


def _api_endpoints() -> tuple[str, ...]:
    return tuple(getattr(settings, "BOLIGSOCIAL_PAGE_CACHE_API_ENDPOINTS", DEFAULT_API_ENDPOINTS))


@cache
def api_prefixes() -> tuple[str, ...]:
    """The addresses the site's API routers are mounted at (`/api/v2/`), from the URLconf; none without the API."""
    get_resolver().url_patterns  # noqa: B018  (loading the URLconf registers the routers)
    prefixes = []
    for router in registered_routers():
        for name in router._endpoints:
            try:
                prefixes.append(reverse(f"{router.url_namespace}:{name}:listing").removesuffix(f"{name}/"))
                break
            except NoReverseMatch:
                continue
    return tuple(dict.fromkeys(prefixes))


def _is_api_view(request, match) -> bool:
    """A listing or detail of a kept endpoint of the site's API, under the API's address (the key has `Accept`)."""
    if len(match.namespaces) < 2 or match.url_name not in API_ACTIONS or match.namespaces[-1] not in _api_endpoints():
        return False
    namespaces = {router.url_namespace for router in registered_routers()}
    return match.namespaces[-2] in namespaces and request.path.startswith(api_prefixes())


def _bypass_cookies() -> tuple[str, ...]:
    return (
        settings.SESSION_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
        *getattr(settings, "BOLIGSOCIAL_PAGE_CACHE_BYPASS_COOKIES", ()),
    )


def may_use_cache(request) -> bool:
    """An anonymous visitor's GET or HEAD of a public address, with the cache switched on."""
    if request.method not in ("GET", "HEAD") or page_cache.seconds() <= 0:
        return False
    if "HTTP_AUTHORIZATION" in request.META or any(name in request.COOKIES for name in _bypass_cookies()):
        return False
    return not is_admin_request(request)


def accepts_gzip(request) -> bool:
    """Whether the client accepts a gzip-coded body (`gzip` or `*`, not with quality 0)."""
    accepted = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").lower().split(","):
        found = _CODING.match(part)
        if found:
            try:
                accepted[found[1]] = float(found[2]) if found[2] else 1.0
            except ValueError:
                continue
    quality = accepted.get("gzip", accepted.get("x-gzip", accepted.get("*", 0.0)))
    return quality > 0


def _vary(response) -> set[str]:
    return {name.strip().lower() for name in cc_delim_re.split(response.get("Vary", "")) if name.strip()}


def is_site_wide(request) -> bool:
    """An answer of a site-wide view or of the site's API (kept only until the next purge of anything)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and (match.view_name in _site_wide_views() or _is_api_view(request, match))


def is_cacheable(request, response) -> bool:
    """A plain public answer of Wagtail's page serving or a site-wide view, the same for every anonymous visitor."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    api = match.view_name not in _views() and match.view_name not in _site_wide_views()
    if api and not _is_api_view(request, match):
        return False
    if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
        return False
    # The page carries this visitor's CSRF token (a form): Django's get_token() sets this key, which its
    # middleware sets False again once the cookie is sent, and with CSRF_USE_SESSIONS no cookie is seen here.
    if "CSRF_COOKIE_NEEDS_UPDATE" in request.META:
        return False
    if not _vary(response) <= (ALLOWED_VARY | {"accept"} if api else ALLOWED_VARY):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in UNCACHEABLE_CONTROL) or get_max_age(response) == 0:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        variant = page_cache.Variant(
            scheme=request.scheme,
            host=request.get_host(),
            full_path=request.get_full_path(),
            language=get_language() or "",
            accept=request.META.get("HTTP_ACCEPT", "") if request.path.startswith(api_prefixes()) else "",
        )
        token, generations = page_cache.current_state(request.path)
        gzip_accepted = accepts_gzip(request)
        if generations:
            cached = page_cache.fetch(variant, generations, gzip_accepted=gzip_accepted, token=token)
            if cached is not None:
                cached[HEADER] = "hit"
                return cached
        response = self.get_response(request)
        if generations and request.method == "GET" and is_cacheable(request, response):
            site_wide = is_site_wide(request)
            if site_wide and token is None:
                return response
            compressed = page_cache.gzipped(response)
            if compressed is not None:
                patch_vary_headers(response, ("Accept-Encoding",))
            page_cache.store(
                variant, generations, response, compressed=compressed, site_wide_token=token if site_wide else None
            )
            response[HEADER] = "miss"
            if compressed is not None and gzip_accepted:
                page_cache.use_gzipped(response, compressed)
        return response
