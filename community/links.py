"""Absolute links in what the calendar hands out to other programs: its iCalendar feeds and the occurrences API.

One rule: a link is made absolute against the address the client fetched from (Django's
`build_absolute_uri`, bounded by ALLOWED_HOSTS and the proxy settings), so a subscribed feed links back to
the host it is subscribed on even where the Wagtail Site's hostname is not where the site is served.
Pages are routed by Wagtail (`get_url(request)` names another Site's root when a page lives there).
Emails have no request: reminders use `estates.mail.absolute_url` (the site's WAGTAILADMIN_BASE_URL).
"""

from __future__ import annotations


def absolute(request, url: str) -> str:
    """A path (or an already absolute address) as an absolute address; "" stays ""."""
    return request.build_absolute_uri(url) if url else ""


def page_link(request, page) -> str:
    return absolute(request, page.get_url(request))
