"""Guards against odd input: a request the code below could only answer with a 500 is answered 400 here.

- `RejectNulBytesMiddleware` (a host adds it to MIDDLEWARE, see the README): a NUL byte in the address, the
  query string, a cookie or a posted form answers 400. PostgreSQL's text type cannot hold NUL, so any of
  these reaching a query (a slug, a search, a filter, a username, a session key) would be a 500 there.
- `QueryGuardMixin` for Wagtail's API viewsets: bad query parameters (`offset` beyond any page,
  `?id=x` on `find/`, an unknown filter value) answer 400 with a message, like Wagtail's own
  `BadRequestError`, instead of escaping as a database or conversion error.
"""

import logging

from django.core.exceptions import FieldError, ValidationError
from django.db import DataError
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.api.v2.utils import BadRequestError

from estates.search import clean_query

logger = logging.getLogger("boligsocial.guards")

NUL = "\x00"
# No list has this many items: an offset beyond it is a mistake (and past what a database integer holds).
MAX_API_OFFSET = 1_000_000
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def carries_nul(request) -> bool:
    """A NUL byte anywhere a view or a query could read it: path, query, cookies, an url-encoded form.

    Multipart forms are left to the forms: Django's form CharField refuses NUL itself (and reading the body
    here would fix its upload handlers before a view could choose them)."""
    if NUL in request.path_info:
        return True
    if any(NUL in key or NUL in value for key, values in request.GET.lists() for value in [key, *values]):
        return True
    if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
        return True
    if request.method == "POST" and request.content_type == FORM_CONTENT_TYPE:
        return any(NUL in key or NUL in value for key, values in request.POST.lists() for value in [key, *values])
    return False


class RejectNulBytesMiddleware:
    """Answer 400 with a short Danish message to a request carrying a NUL byte (see `carries_nul`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            message = _("The address or the form contains a character that is not allowed (a NUL byte).")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"message": message}, status=400)
            return HttpResponseBadRequest(
                f'<!DOCTYPE html><html lang="{get_language() or "da"}"><meta charset="utf-8">'
                f"<title>{escape(message)}</title><h1>{escape(message)}</h1>",
            )
        return self.get_response(request)


def positive_integer(query, name: str, *, maximum: int | None = None) -> None:
    """Refuse a query parameter that is present but not a whole number from 0 to `maximum`."""
    raw = query.get(name)
    if raw is None:
        return
    try:
        value = int(raw)
    except ValueError:
        raise BadRequestError(_("%(name)s must be a whole number.") % {"name": name}) from None
    if value < 0 or (maximum is not None and value > maximum):
        raise BadRequestError(
            _("%(name)s must be a whole number from 0 to %(maximum)s.") % {"name": name, "maximum": maximum}
        )


class QueryGuardMixin:
    """For Wagtail API viewsets: check the parameters Wagtail converts itself, clean the search words, and
    turn the conversion errors of any other filter into 400 (with a message) instead of 500."""

    integer_parameters = ("id", "child_of", "descendant_of", "ancestor_of", "translation_of")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        positive_integer(request.GET, "offset", maximum=MAX_API_OFFSET)
        positive_integer(request.GET, "limit")
        for name in self.integer_parameters:
            raw = request.GET.get(name)
            if raw is not None and not (name in {"child_of", "descendant_of"} and raw == "root"):
                positive_integer(request.GET, name, maximum=2**31 - 1)
        if "search" in request.GET:
            request.GET = request.GET.copy()
            request.GET["search"] = clean_query(request.GET["search"])

    def handle_exception(self, exc):
        if isinstance(exc, ValueError | OverflowError | ValidationError | FieldError | DataError):
            logger.info("API query refused: %s: %s", type(exc).__name__, exc)
            exc = BadRequestError(_("A query parameter has a value that cannot be used here."))
        return super().handle_exception(exc)
