"""Reports per client address, in fixed one-hour windows, counted in Django's default cache (with several web
processes a shared one: Redis or the database), as estates/security/throttle.py counts password resets."""

import hashlib
import time

from django.core.cache import cache

from safety_walks.resident_reports import conf

WINDOW_SECONDS = 60 * 60


def _key(address: str) -> str:
    window = int(time.time() // WINDOW_SECONDS)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"boligsocial:resident-report:{window}:{digest}"


def allow_report(address: str) -> bool:
    """Whether a report from `address` may be kept now; counts it either way."""
    key = _key(address or "unknown")
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= conf.reports_per_address_per_hour()
