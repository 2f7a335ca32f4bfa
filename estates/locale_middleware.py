"""Django's LocaleMiddleware for a site whose addresses carry their language (`i18n_patterns`), made safe for
addresses that do not: an admin screen's 404 stays a 404, and a form posted to an old address keeps its body."""

from django.http import HttpResponseRedirect
from django.middleware import locale
from django.utils import translation


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_response(self, request, response):
        # Django answers any 404 without a language prefix with a redirect to /<language>/… whenever that address
        # would match, and Wagtail's page tree matches every address. A 404 a view gave for an address it owns
        # (an admin row one may not see, an API object) is the answer itself, not a missing prefix.
        if response.status_code == 404 and getattr(request, "resolver_match", None) is not None:
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        answer = super().process_response(request, response)
        # An unsubscribe link in a mail sent before addresses had a language is posted to (RFC 8058 one-click):
        # 307 keeps the method and body where Django's 302 to the prefixed address would turn the POST into a GET.
        if answer is not response and request.method not in ("GET", "HEAD"):
            kept = HttpResponseRedirect(answer["Location"], status=307)
            kept.headers["Vary"] = answer.headers.get("Vary", "")
            return kept
        return answer
