"""The address absolute links in the sitemap and the API name: the site's public address, or the request's host.

Wagtail builds a page's absolute URL from its Site record (`Site.root_url`), which on many installs still
says `localhost:80`. Links handed to other programs therefore use one rule: the configured public address
(`WAGTAILADMIN_BASE_URL`) when the request came to that host, otherwise the host the client asked
(Django's `build_absolute_uri`, bounded by ALLOWED_HOSTS and the proxy settings). Emails have no request:
they use `estates.mail.absolute_url`.
"""

from urllib.parse import urlsplit

from estates.conf import base_url


def public_origin(request) -> str:
    """`scheme://host[:port]` of the public address if the request came to its host, else of the request."""
    configured = urlsplit(base_url())
    if configured.netloc and configured.hostname == request.get_host().split(":")[0].lower():
        return f"{configured.scheme}://{configured.netloc}"
    return request.build_absolute_uri("/").rstrip("/")


def public_url(request, page) -> str | None:
    """The page's absolute address as the client should be told it; None when it has no URL."""
    url = page.get_url(request)
    if not url:
        return None
    if url.startswith(("http://", "https://")):  # a page of another Site: its own hostname
        return url
    return public_origin(request) + url
