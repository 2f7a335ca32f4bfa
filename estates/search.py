"""Search that understands Danish word forms, for residents' words as they type them.

- `clean_query` is what every search box of the plugin asks: quotes and control characters are full-text
  syntax to SQLite and PostgreSQL (a typed `"` was a 500 on SQLite).
- `SearchBackend` is Wagtail's database search backend for the database in use, made Danish (a host sets
  `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "estates.search", "SEARCH_CONFIG": "danish"}}`):
  - PostgreSQL stems with its own `danish` text search configuration (the default here when SEARCH_CONFIG
    is not given); SQLite's FTS5 has no Danish stemmer, so the Snowball Danish stemmer (PyPI
    `snowballstemmer`, the same algorithm) stems there. Both index each word's stem stemmed once more, and
    stem the query the same way: "tunnel" finds "tunnelen", "aften" finds "aftenen", "legeplads" finds
    "legepladsen" (Snowball alone takes one ending off, which keeps the last two apart).
  - Compounds, on both: the index also holds the tails of long words ("gadelampe" -> "lampe"), so "lampe"
    finds "Gadelampe". A tail has at least 4 letters, so "lys" does not find "gadelys"; and a query that
    is the tail of an unrelated long word matches it too ("ring" finds "parkering").
  After changing the backend or these rules, run `manage.py update_index`.
- `DanishMatcher` applies the same rules in Python: which of a result's findings match, and the snippet.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk
from wagtail.search.backends import database
from wagtail.search.query import PlainText

try:
    import snowballstemmer
except ImportError:  # pragma: no cover  (a dependency of the plugin; without it words are only lower-cased)
    snowballstemmer = None

# Quotes and control characters are query syntax (or invalid) to SQLite's and PostgreSQL's full-text search.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"]+')
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+")
# A compound's tail is indexed when the word has at least LONG_WORD letters, the tail at least TAIL letters
# and the head before it at least HEAD letters.
LONG_WORD = 8
TAIL = 4
HEAD = 3
DEFAULT_POSTGRES_CONFIG = "danish"


def clean_query(text: str) -> str:
    """The query with quotes and control characters turned into spaces, trimmed to a sane length."""
    return " ".join(_UNSAFE.sub(" ", text or "").split())[:MAX_QUERY_LENGTH]


@cache
def _stemmer():
    return snowballstemmer.stemmer("danish") if snowballstemmer else None


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Danish stem of one word, lower-cased ("Tunnelen" -> "tunnel")."""
    word = word.lower()
    stemmer = _stemmer()
    return stemmer.stemWord(word) if stemmer else word


def tails(word: str) -> list[str]:
    """The possible last parts of a compound word ("gadelampe" -> "adelampe", "delampe", "elampe", "lampe")."""
    word = word.lower()
    if len(word) < LONG_WORD or word.isdigit():
        return []
    return [word[start:] for start in range(HEAD, len(word) - TAIL + 1)]


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def norm(word: str) -> str:
    """The word stemmed twice. Snowball's Danish stemmer takes one ending off: "aftenen" -> "aften" but
    "aften" -> "aft", "legepladsen" -> "legeplads" but "legeplads" -> "legeplad". Stemming the stem again
    brings the definite and indefinite forms together ("aft", "legeplad")."""
    return stem(stem(word))


def word_forms(word: str) -> set[str]:
    """Every form a word can be found by: its own, and its tails' (each stemmed twice)."""
    return {norm(word), *(norm(tail) for tail in tails(word))}


def index_extra(text: str, *, database_stems: bool) -> str:
    """Words to add to an index entry, each once: for every word and every tail of a long word, its stem.
    PostgreSQL stems what it indexes itself (so it gets the stem once, and stems it the second time); for
    SQLite, which cannot, the twice-stemmed forms are added."""
    found: dict[str, None] = {}
    for word in words(text):
        for part in (word, *tails(word)):
            found.setdefault(stem(part) if database_stems else norm(part))
    return " ".join(found)


# -- Wagtail's database backend, made Danish ------------------------------------------------------------


def _index_entry_model():
    return get_app_config().get_model("IndexEntry")


class DanishIndexMixin:
    """After Wagtail's backend has written the index entries, add the words only Danish rules find."""

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)
        if objs and model.get_search_fields():
            self.add_danish_forms(model, [str(obj.pk) for obj in objs])

    def add_danish_forms(self, model, object_ids: list[str]) -> None:
        entries = self.entries.filter(content_type_id=get_content_type_pk(model), object_id__in=object_ids)
        if self.write_connection.vendor == "postgresql":
            table = _index_entry_model()._meta.db_table
            config = self.backend.config or DEFAULT_POSTGRES_CONFIG
            with self.write_connection.cursor() as cursor:
                for pk, title, body in entries.values_list("pk", "title_text", "body_text"):
                    extra = index_extra(f"{title} {body}", database_stems=True)
                    if extra:
                        cursor.execute(
                            f"UPDATE {table} SET body = body || setweight(to_tsvector(%s::regconfig, %s), 'D') "  # noqa: S608
                            "WHERE id = %s",
                            [config, extra, pk],
                        )
        else:
            for pk, title, body in entries.values_list("pk", "title", "body"):
                extra = index_extra(f"{title} {body}", database_stems=False)
                if extra:
                    self.entries.filter(pk=pk).update(body=f"{body}\n{extra}")


class StemmedQueryMixin:
    """The query's words stemmed as the index's added words are: twice in all (PostgreSQL stems the second time)."""

    database_stems = False

    def _danish_query(self, query):
        if isinstance(query, PlainText):
            form = stem if self.database_stems else norm
            stems = " ".join(form(word) for word in words(query.query_string))
            # No word at all (e.g. "%"): the query goes on as it was, as Wagtail's backend would take it.
            return PlainText(stems, operator=query.operator) if stems else query
        return query


class StemmedSQLiteQueryMixin(StemmedQueryMixin):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(self._danish_query(query), config=config)


class StemmedPostgresQueryMixin(StemmedQueryMixin):
    database_stems = True

    def build_tsquery_content(self, query, config=None, invert=False):
        return super().build_tsquery_content(self._danish_query(query), config=config, invert=invert)


class CleanQueryMixin:
    """A search backend that cleans every plain query string (`clean_query`) before searching."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = clean_query(query)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@cache
def _danish_backend_class(backend_class: type, vendor: str) -> type:
    attributes = {}
    if vendor in ("postgresql", "sqlite") and hasattr(backend_class, "index_class"):
        index_class = backend_class.index_class
        attributes["index_class"] = type(f"Danish{index_class.__name__}", (DanishIndexMixin, index_class), {})
    mixin = {"sqlite": StemmedSQLiteQueryMixin, "postgresql": StemmedPostgresQueryMixin}.get(vendor)
    if mixin and hasattr(backend_class, "query_compiler_class"):
        compiler = backend_class.query_compiler_class
        attributes["query_compiler_class"] = type(f"Stemmed{compiler.__name__}", (mixin, compiler), {})
    return type(f"Danish{backend_class.__name__}", (CleanQueryMixin, backend_class), attributes)


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    """Wagtail's database backend for this database (PostgreSQL, SQLite FTS5, MySQL or the fallback), with
    Danish stemming and compound tails on PostgreSQL and SQLite, cleaning query strings first."""
    vendor = connection.vendor
    if vendor == "postgresql":
        params = {"SEARCH_CONFIG": DEFAULT_POSTGRES_CONFIG, **params}
    backend_class = type(database.SearchBackend(params))
    if backend_class.__module__.endswith(".fallback"):
        vendor = "fallback"  # SQLite without FTS5: substring matching already finds word forms
    return _danish_backend_class(backend_class, vendor)(params)


# -- Which part of a text matched, and a snippet around it ------------------------------------------------


@dataclass(frozen=True)
class DanishMatcher:
    """The query's words as stems; a text matches when every query word is a form of one of its words."""

    stems: tuple[str, ...]

    @classmethod
    def for_query(cls, query: str) -> "DanishMatcher":
        return cls(tuple(dict.fromkeys(norm(word) for word in words(clean_query(query)))))

    def _hits(self, text: str) -> list[re.Match]:
        return [match for match in _WORD.finditer(text or "") if word_forms(match.group()) & set(self.stems)]

    def matches(self, text: str) -> bool:
        if not self.stems:
            return False
        found = set()
        for match in _WORD.finditer(text or ""):
            found |= word_forms(match.group()) & set(self.stems)
        return found == set(self.stems)

    def snippet(self, text: str, *, length: int = 180) -> SafeString:
        """About `length` characters of the text around the first matching word, the matching words marked
        (<mark>), the rest escaped."""
        text = " ".join((text or "").split())
        hits = self._hits(text)
        start = max(0, hits[0].start() - length // 3) if hits else 0
        end = min(len(text), start + length)
        if start:
            start = text.find(" ", start) + 1 or start
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
        parts, position = [], start
        for hit in hits:
            if hit.start() < start or hit.end() > end:
                continue
            parts.append(escape(text[position : hit.start()]))
            parts.append(f"<mark>{escape(hit.group())}</mark>")
            position = hit.end()
        parts.append(escape(text[position:end]))
        return mark_safe(("… " if start else "") + "".join(parts) + (" …" if end < len(text) else ""))  # noqa: S308
