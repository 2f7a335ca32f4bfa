"""Search results that lead residents straight to a finding: for each walk the site search found, the public
findings the words match (Danish word forms and compound tails, estates.search.DanishMatcher), each with a
snippet and the address of the finding's own page; for any page found, a snippet of the text that matched.

A walk found in another language (its translation or alias) lists the findings of the default locale's walk,
which they belong to, under its own address."""

from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from wagtail.search.index import SearchField

from estates import i18n
from estates.search import DanishMatcher
from safety_walks.models import Finding, WalkPage
from safety_walks.statuses import public_label

FINDINGS_PER_WALK = 5
# Fields whose words are the findings' (shown per finding) or the title (shown as the link).
NOT_SNIPPETS = {"title", "public_findings_text"}


@dataclass(frozen=True)
class FindingHit:
    title: str
    url: str
    status: str
    snippet: SafeString


@dataclass(frozen=True)
class SearchHit:
    page: object
    url: str
    snippet: SafeString
    findings: list[FindingHit]
    more_findings: int = 0


def search_hits(pages, query: str, request=None) -> list[SearchHit]:
    """The pages of one result page, each with its snippet and (for a walk) its matching public findings.
    One query for the findings of all the walks on the page."""
    pages = [page.specific for page in pages]
    matcher = DanishMatcher.for_query(query)
    findings = _matching_findings([page for page in pages if isinstance(page, WalkPage)], matcher, request)
    hits = []
    for page in pages:
        found = findings.get(page.pk, [])
        hits.append(
            SearchHit(
                page=page,
                url=page.get_url(request),
                snippet=page_snippet(page, matcher),
                findings=found[:FINDINGS_PER_WALK],
                more_findings=max(0, len(found) - FINDINGS_PER_WALK),
            )
        )
    return hits


def _matching_findings(walks: list[WalkPage], matcher: DanishMatcher, request) -> dict[int, list[FindingHit]]:
    if not walks:
        return {}
    by_pk = {source_pk: walk for walk, source_pk in _with_sources(walks)}
    rows = (
        Finding.objects.public()
        .filter(walk__in=list(by_pk))
        .order_by("walk_id", "priority", "pk")
        .values_list("pk", "walk_id", "title", "description", "location", "status")
    )
    found: dict[int, list[FindingHit]] = {}
    for pk, walk_id, title, description, location, status in rows:
        text = " ".join(part for part in (title, description, location) if part)
        if not matcher.matches(text):
            continue
        walk = by_pk[walk_id]
        snippet_text = description if matcher.matches(description) or not description else text
        found.setdefault(walk.pk, []).append(
            FindingHit(
                title=title,
                url=walk.finding_url(_Finding(pk), request),
                status=str(public_label(status)),
                snippet=matcher.snippet(snippet_text if snippet_text else location),
            )
        )
    return found


def _with_sources(walks: list[WalkPage]) -> list[tuple[WalkPage, int]]:
    """Each walk found with the id of the default locale's walk it presents (one query, none when all are)."""
    default = i18n.default_locale_id()
    others = {walk.translation_key for walk in walks if walk.locale_id != default}
    sources = {}
    if others:
        in_default = WalkPage.objects.filter(translation_key__in=others, locale_id=default)
        sources = dict(in_default.values_list("translation_key", "pk"))
    return [
        (walk, walk.pk if walk.locale_id == default else sources.get(walk.translation_key, walk.pk)) for walk in walks
    ]


@dataclass(frozen=True)
class _Finding:
    """What WalkPage.finding_url needs of a finding: its pk."""

    pk: int


def page_snippet(page, matcher: DanishMatcher) -> SafeString:
    """The search description, or the first of the page's own searchable texts the words match."""
    for field in page.get_search_fields():
        if not isinstance(field, SearchField) or field.field_name in NOT_SNIPPETS:
            continue
        value = field.get_value(page)
        if isinstance(value, list | tuple):  # rich text gives its searchable content as a list of strings
            value = " ".join(str(part) for part in value)
        text = strip_tags(value) if isinstance(value, str) else ""
        if text and matcher.matches(text):
            return matcher.snippet(text)
    return matcher.snippet(page.search_description) if page.search_description else SafeString("")
