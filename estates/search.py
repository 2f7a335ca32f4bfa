"""Search words as residents type them, made safe for the search backend."""

import re

# Quotes and control characters are query syntax (or invalid) to SQLite's and PostgreSQL's full-text search.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"]+')
MAX_QUERY_LENGTH = 200


def clean_query(text: str) -> str:
    """The query with quotes and control characters turned into spaces, trimmed to a sane length."""
    return " ".join(_UNSAFE.sub(" ", text or "").split())[:MAX_QUERY_LENGTH]
