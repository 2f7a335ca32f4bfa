"""The embedded page cache: whole anonymous responses in Django's cache, keyed by address, purged by generation.

Every address (path) has an *exact* generation, and every folder it lies in (`/`, `/aktiviteter/`, ...) a
*beneath* generation; an entry's key contains all of them. Purging an address gives its exact generation a
new value, purging "everything beneath" a folder gives the folder's beneath generation a new value: the old
entries can no longer be found and expire on their own. Purging `/` beneath empties the whole cache.

A response is stored only if none of its generations changed while it was rendered, so a purge that lands
between reading the database and storing the page cannot leave the old page behind.

An entry's key names its generations, so what it holds never changes: each process also keeps the entries it
served lately in its own memory (`LocalEntries`) and reads only the small generations from the shared cache
on a hit (a walk report of several hundred kilobytes is not read and decompressed from a file each time).

Every purge also gives the shared *purge token* a new value. Each process remembers the generations it read
under the current token (`KnownGenerations`), so a hit reads one small key from the shared cache however deep
its address, and any purge in any process makes every process read the generations again.

A *site-wide* answer (an API listing, a feed or a search over everything the site holds) cannot be named by the
addresses a change purges: it is stored with the purge token it was rendered under and served only while that
token is current, so any purge anywhere forgets it, at no cost to the pages' own entries.

An entry also holds its body gzip-compressed (when its type is text and it is worth it), made once when it is
stored: a client that accepts gzip gets that body, with no compression per request. Only what the cache keeps is
ever compressed: the same page for every anonymous visitor, never one with a CSRF token or a session's data in it
(BREACH needs such a secret beside text the attacker controls, in a compressed body).
"""

import gzip
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

KEY_PREFIX = "boligsocial:pages"
# The layout of a stored entry: (status, headers, body, attributes, gzipped body or None). In its responses' keys,
# so entries of an older layout are never read.
ENTRY_FORMAT = "2"
# What is worth compressing: text types above a few hundred bytes.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "application/javascript",
    "image/svg+xml",
)
MIN_COMPRESSED_BYTES = 200
PURGE_TOKEN_KEY = f"{KEY_PREFIX}:purged"
# In a site-wide answer's stored attributes: the purge token it was rendered under.
TOKEN_ATTRIBUTE = "_boligsocial_purge_token"


def _setting(name: str, default):
    return getattr(settings, name, default)


MIDDLEWARE_PATH = "estates.cache_middleware.AnonymousPageCacheMiddleware"


def seconds() -> int:
    """How long a page stays cached (`BOLIGSOCIAL_PAGE_CACHE_SECONDS`); 0 when switched off or when the host
    does not serve pages from it (its middleware is not in MIDDLEWARE: then nothing is stored or purged)."""
    if MIDDLEWARE_PATH not in settings.MIDDLEWARE:
        return 0
    return int(_setting("BOLIGSOCIAL_PAGE_CACHE_SECONDS", 600))


def _cache():
    return caches[_setting("BOLIGSOCIAL_PAGE_CACHE_ALIAS", "default")]


def _digest(*parts: str) -> str:
    return hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()


def _exact_key(path: str) -> str:
    return f"{KEY_PREFIX}:exact:{_digest(path)}"


def _beneath_key(folder: str) -> str:
    return f"{KEY_PREFIX}:beneath:{_digest(folder)}"


def _generation_keys(path: str) -> list[str]:
    """The exact generation of `path` and the beneath generation of `/` and each folder on the way to it."""
    keys = [_exact_key(path), _beneath_key("/")]
    folder = "/"
    for segment in path.strip("/").split("/"):
        if segment:
            folder += segment + "/"
            keys.append(_beneath_key(folder))
    return keys


def _new_generation() -> str:
    return secrets.token_hex(6)


class KnownGenerations:
    """The generations this process read under one purge token, by path (at most `max_paths` of them)."""

    def __init__(self, max_paths: int):
        self.max_paths = max_paths
        self._token = None
        self._paths: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def get(self, token: str, path: str) -> tuple[str, ...] | None:
        with self._lock:
            return self._paths.get(path) if token == self._token else None

    def put(self, token: str, path: str, generations: tuple[str, ...]) -> None:
        with self._lock:
            if token != self._token or len(self._paths) >= self.max_paths:
                self._token, self._paths = token, {}
            self._paths[path] = generations


known_generations = KnownGenerations(max_paths=10_000)


def _purge_token(cache) -> str | None:
    token = cache.get(PURGE_TOKEN_KEY)
    if token is None:
        cache.add(PURGE_TOKEN_KEY, _new_generation(), timeout=None)
        token = cache.get(PURGE_TOKEN_KEY)
    return token


def _new_purge_token(cache) -> None:
    """After a purge's generations are written: every process reads generations anew."""
    cache.set(PURGE_TOKEN_KEY, _new_generation(), timeout=None)


def current_generations(path: str) -> tuple[str, ...]:
    return current_state(path)[1]


def current_state(path: str) -> tuple[str | None, tuple[str, ...]]:
    """The current purge token (None if the cache cannot keep it) and the generations an entry of `path` is keyed
    with, creating the missing ones (a missing one is never taken for an old value: an evicted generation comes
    back new, orphaning every entry made under the old).
    Read from the shared cache only when a purge changed the purge token since this process last read them (the
    token is read first: a purge landing in between makes the next request read them again)."""
    cache = _cache()
    token = _purge_token(cache)
    if token is not None:
        known = known_generations.get(token, path)
        if known is not None:
            return token, known
    keys = _generation_keys(path)
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _new_generation(), timeout=None)
        found = cache.get_many(keys)
        if len(found) < len(keys):  # evicted at once by a tiny cache: do not cache this request
            return token, ()
    generations = tuple(found[key] for key in keys)
    if token is not None:
        known_generations.put(token, path, generations)
    return token, generations


@dataclass(frozen=True)
class Variant:
    """What one cached response depends on besides its generations."""

    scheme: str
    host: str
    full_path: str
    language: str
    accept: str = ""  # the request's Accept header, for an answer that varies on it (the API's)

    def key(self, generations: tuple[str, ...]) -> str:
        digest = _digest(self.scheme, self.host, self.full_path, self.language, self.accept, *generations)
        return f"{KEY_PREFIX}:response{ENTRY_FORMAT}:{digest}"


class LocalEntries:
    """The entries this process served lately, least recently used first, within a total size in bytes."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: str, stored: tuple, timeout: int) -> None:
        size = _size(stored)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + timeout, stored)
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        _, stored = self._entries.pop(key)
        self._bytes -= _size(stored)


def _size(stored: tuple) -> int:
    return len(stored[2]) + len(stored[4] or b"")


local_entries = LocalEntries(max_bytes=int(_setting("BOLIGSOCIAL_PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)))


def gzipped(response) -> bytes | None:
    """`response`'s body gzip-compressed, when it is text of some size, not encoded yet, and gets smaller."""
    if response.has_header("Content-Encoding") or len(response.content) < MIN_COMPRESSED_BYTES:
        return None
    content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if not content_type.startswith(COMPRESSIBLE_TYPES):
        return None
    body = gzip.compress(response.content, compresslevel=6, mtime=0)
    return body if len(body) < len(response.content) else None


def use_gzipped(response, body: bytes) -> None:
    """Make `response` send `body`, its gzip-compressed content (a weak ETag, as Django's GZipMiddleware gives)."""
    response.content = body
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(body))
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response["ETag"] = "W/" + etag


def fetch(
    variant: Variant, generations: tuple[str, ...], *, gzip_accepted: bool = False, token: str | None = None
) -> HttpResponse | None:
    """The stored response, with its gzipped body when the client accepts gzip and the entry has one; a site-wide
    answer only while `token` (the current purge token) is the one it was stored under."""
    key = variant.key(generations)
    stored = local_entries.get(key)
    if stored is None:
        stored = _cache().get(key)
        if stored is None:
            return None
        # The shared entry may live at most `seconds()` from now as well: so may the local copy.
        local_entries.put(key, stored, seconds())
    status, headers, content, attributes, compressed = stored
    if TOKEN_ATTRIBUTE in attributes and attributes[TOKEN_ATTRIBUTE] != token:
        return None
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    for name, value in attributes.items():
        if name != TOKEN_ATTRIBUTE:
            setattr(response, name, value)
    if gzip_accepted and compressed is not None:
        use_gzipped(response, compressed)
    else:
        response["Content-Length"] = str(len(content))
    return response


def store(
    variant: Variant,
    generations: tuple[str, ...],
    response,
    *,
    compressed: bytes | None = None,
    site_wide_token: str | None = None,
) -> bool:
    """Keep `response` (and `compressed`, its body gzipped) unless a purge changed one of `generations` since the
    request began; a site-wide answer with `site_wide_token`, the purge token the request began under, and not
    kept if any purge landed since."""
    path = variant.full_path.split("?", 1)[0]
    token, now = current_state(path)
    if now != generations or (site_wide_token is not None and token != site_wide_token):
        return False
    headers = [(name, value) for name, value in response.items()]
    # django-csp reads per-response policy changes from attributes (its decorators): keep them too.
    attributes = {name: value for name, value in vars(response).items() if name.startswith("_csp")}
    if site_wide_token is not None:
        attributes[TOKEN_ATTRIBUTE] = site_wide_token
    stored = (response.status_code, headers, response.content, attributes, compressed)
    _cache().set(variant.key(generations), stored, seconds())
    local_entries.put(variant.key(generations), stored, seconds())
    return True


def purge_path(path: str, *, beneath: bool = False) -> None:
    """Forget the cached responses of `path` (any host, any query string, any language), and with `beneath`
    also of every address under it."""
    if seconds() <= 0:  # nothing was stored (the test suite, a host that switched the cache off)
        return
    path = path or "/"
    if not path.startswith("/"):
        path = "/" + path
    cache = _cache()
    cache.set(_exact_key(path), _new_generation(), timeout=None)
    if beneath:
        folder = path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
        cache.set(_beneath_key(folder), _new_generation(), timeout=None)
    _new_purge_token(cache)


def purge_everything() -> None:
    """Forget every cached page (a publish can change the menu every page shows)."""
    if seconds() <= 0:
        return
    cache = _cache()
    cache.set(_beneath_key("/"), _new_generation(), timeout=None)
    _new_purge_token(cache)
