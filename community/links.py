"""Absolute links in what the calendar hands out to other programs: its iCalendar feeds and the occurrences API.

One rule: a link names the public address the client reached, never the Wagtail Site's record (which on many
installs still says `http://localhost`). The origin is the configured public address (WAGTAILADMIN_BASE_URL)
when the request came to its host, otherwise the request's own (bounded by ALLOWED_HOSTS and the proxy
settings): `estates.hosts.public_origin`. A page of another Wagtail Site keeps that Site's address.
Emails have no request: reminders use `estates.mail.absolute_url` (the configured base URL).
"""

from __future__ import annotations

from wagtail.models import Site

from estates.hosts import public_origin

_ORIGIN = "_boligsocial_link_origin"


def _origins(request) -> tuple[str, str]:
    """(the public origin, the root URL of the request's Wagtail Site), worked out once per request."""
    found = getattr(request, _ORIGIN, None)
    if found is None:
        site = Site.find_for_request(request)
        found = (public_origin(request), (site.root_url if site is not None else "").rstrip("/"))
        setattr(request, _ORIGIN, found)
    return found


def absolute(request, url: str) -> str:
    """A path, or an address Wagtail built from the request's Site record, as the public absolute address;
    an address of another site stays as it is; "" stays ""."""
    if not url:
        return ""
    origin, site_root = _origins(request)
    if url.startswith("/"):
        return origin + url
    if site_root and (url == site_root or url.startswith(site_root + "/")):
        return origin + (url[len(site_root) :] or "/")
    if url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


def page_link(request, page) -> str:
    return absolute(request, page.get_url(request) or "")
