"""Many pages' addresses at once, as Wagtail's `Page.get_url(request)` gives them, for lists of pages (#18).

Wagtail works out each page's address on its own: the site root paths, then a `reverse()` of the page's path
under the site root's language. Siblings share all of it but their slug, so it is asked of Wagtail once per parent
and each sibling's address is the first one's with its own slug: `reverse()` quotes a path character by
character, so a slug is quoted alike on its own. Where that cannot hold, Wagtail is asked for every page: a site's
root at or below the siblings (its pages' addresses start over), a page type with addresses of its own (it
overrides how Wagtail works one out), a slug `reverse()` would refuse, an address that does not end in its page's
slug.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page

# What wagtail_serve's URL pattern takes as one part of a page's path, and what reverse() leaves unquoted.
_SLUG = re.compile(r"[\w\-]+")
_SAFE = RFC3986_SUBDELIMS + "/~:@"


def page_urls(pages: Iterable[Page], request=None) -> dict[int, str | None]:
    """{page id: `page.get_url(request)`}, with Wagtail asked once per parent of the pages (see above)."""
    urls, by_parent = {}, {}
    for page in pages:
        parent_path, slug = _parent_and_slug(page.url_path)
        parts = by_parent.get(parent_path)
        if parts is None:
            urls[page.pk] = url = page.get_url(request)
            alike = _addressed_as_wagtail_does(page) and _siblings_alike(page, parent_path, request)
            by_parent[parent_path] = _around_slug(url, slug) if alike else False
        elif parts is False or not _SLUG.fullmatch(slug) or not _addressed_as_wagtail_does(page):
            urls[page.pk] = page.get_url(request)
        else:
            before, after = parts
            urls[page.pk] = before + quote(slug, safe=_SAFE) + after
    return urls


def _addressed_as_wagtail_does(page: Page) -> bool:
    """Whether the page's type leaves working out its address to Wagtail (a page type may override it)."""
    kind = type(page)
    return all(getattr(kind, name) is getattr(Page, name) for name in ("get_url", "get_url_parts", "relative_url"))


def _parent_and_slug(url_path: str) -> tuple[str, str]:
    """("/home/walks/", "walk") from "/home/walks/walk/" (a page's url_path ends in its slug and a slash)."""
    parent_path, _, slug = url_path.rstrip("/").rpartition("/")
    return parent_path + "/", slug


def _siblings_alike(page: Page, parent_path: str, request) -> bool:
    """Whether every child of `parent_path` takes its address from the same site root (none lies at or below
    them)."""
    return not any(
        root.root_path.startswith(parent_path) and root.root_path != parent_path
        for root in page._get_site_root_paths(request)
    )


def _around_slug(url: str | None, slug: str) -> tuple[str, str] | bool:
    """(what comes before the slug in the address, what after it), or False where the address does not end in it."""
    if url is None or not _SLUG.fullmatch(slug):
        return False
    quoted = quote(slug, safe=_SAFE)
    for after in ("/", ""):
        if url.endswith(quoted + after):
            return url[: len(url) - len(quoted) - len(after)], after
    return False
