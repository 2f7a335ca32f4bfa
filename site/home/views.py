"""Site search over published, public pages, Danish word forms understood (estates.search). A walk's
public findings that match are listed under it, each linking to the finding's own page
(safety_walks.search); working data that is not public (internal findings, cases) is never searched.

Only the pages of the reader's language are searched (their translations, and the aliases wagtail-localize keeps
of the pages not translated yet): each page is found once, in the language it is read in. A language without
pages of its own searches the default locale's."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

from estates import i18n
from estates.search import clean_query
from safety_walks.search import search_hits

RESULTS_PER_PAGE = 10


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().filter(locale=_reader_locale()).specific().search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("side", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    hits = search_hits(page.object_list, query, request) if query else []
    return TemplateResponse(request, "home/search.html", {"query": query, "results": page, "hits": hits})


def _reader_locale() -> Locale:
    """The locale of the active language if it has pages, otherwise the default locale (its pages are served)."""
    locale = Locale.objects.filter(language_code=i18n.active_language()).first()
    if locale is not None and Page.objects.filter(locale=locale, depth__gt=1).exists():
        return locale
    return i18n.default_locale()
