"""Refuse a request body over BOLIGSOCIAL_MAX_REQUEST_SIZE before Django reads it (413, in Danish).

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file as soon as a view
touches request.POST or request.FILES; a 200 MB POST to any form would fill the disk first and be refused
afterwards. This middleware answers from the Content-Length header alone, so not one byte of such a body is
read or written. Put it right after SecurityMiddleware (the README's snippet, check boligsocial.E013).
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation

from estates.conf import setting


def request_size_limit() -> int:
    return int(setting("BOLIGSOCIAL_MAX_REQUEST_SIZE"))


def declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0  # Django reads no body it cannot measure


def too_large(request, limit: int) -> HttpResponse:
    language = translation.get_language_from_request(request) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            "boligsocial/request_too_large.html",
            {"limit": filesizeformat(limit), "language": translation.get_language()},
        )
    response = HttpResponse(body, status=413)
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(response.content))
    return response


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = request_size_limit()
        if declared_length(request) > limit:
            return too_large(request, limit)
        return self.get_response(request)
