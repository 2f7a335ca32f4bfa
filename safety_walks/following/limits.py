"""The follow form's rate limit: requests per client address in fixed one-hour windows, counted in
Django's cache (a shared cache with several web processes), as estates/security/throttle.py counts resets."""

import hashlib
import time

from django.core.cache import cache

from safety_walks.following.conf import setting

WINDOW_SECONDS = 60 * 60


def allow_follow_request(*, address: str) -> bool:
    """Whether one more follow request may come from this client address; counts it either way."""
    window = int(time.time() // WINDOW_SECONDS)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"boligsocial:follow:{window}:{digest}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= setting("BOLIGSOCIAL_FOLLOWS_PER_ADDRESS")
