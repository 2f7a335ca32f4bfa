"""Site search over published, public pages. Working data (findings, cases) is never searched here."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from estates.search import clean_query

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
    return TemplateResponse(request, "home/search.html", {"query": query, "results": page})
