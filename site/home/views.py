"""Site search over published, public pages, Danish word forms understood (estates.search). A walk's
public findings that match are listed under it, each linking to the finding's own page
(safety_walks.search); working data that is not public (internal findings, cases) is never searched."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from estates.search import clean_query
from safety_walks.search import search_hits

RESULTS_PER_PAGE = 10


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("side", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    hits = search_hits(page.object_list, query, request) if query else []
    return TemplateResponse(request, "home/search.html", {"query": query, "results": page, "hits": hits})
