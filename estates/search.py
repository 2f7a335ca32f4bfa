"""Search words as residents type them, made safe for the search backend.

`clean_query` is what every search box of the plugin asks. `SearchBackend` is Wagtail's database search
backend (the one for the database in use) asking it too, for searches the plugin does not make itself
(the admin's choosers and listings): a host sets `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND":
"estates.search"}}`. Without it, a `"` typed into a chooser's search on SQLite is an FTS5 syntax error (500).
"""

import re
from functools import cache

from wagtail.search.backends import database

# Quotes and control characters are query syntax (or invalid) to SQLite's and PostgreSQL's full-text search.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"]+')
MAX_QUERY_LENGTH = 200


def clean_query(text: str) -> str:
    """The query with quotes and control characters turned into spaces, trimmed to a sane length."""
    return " ".join(_UNSAFE.sub(" ", text or "").split())[:MAX_QUERY_LENGTH]


class CleanQueryMixin:
    """A search backend that cleans every plain query string (`clean_query`) before searching."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = clean_query(query)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@cache
def _clean_query_class(backend_class: type) -> type:
    return type(f"CleanQuery{backend_class.__name__}", (CleanQueryMixin, backend_class), {})


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    """Wagtail's database backend for this database (PostgreSQL, SQLite FTS5, MySQL or the fallback),
    cleaning query strings first."""
    backend_class = type(database.SearchBackend(params))
    return _clean_query_class(backend_class)(params)
