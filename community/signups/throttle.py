"""Sign-up attempts limited per client address in one-hour windows (counted in Django's default cache)."""

import hashlib
import time

from django.core.cache import cache

from community.conf import SIGNUPS_PER_ADDRESS_PER_HOUR
from estates.security.client import client_address

WINDOW_SECONDS = 60 * 60


def allow_signup(request) -> bool:
    """Counts this attempt; False once the address made more than the hourly limit."""
    address = client_address(request)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"boligsocial:signup:{int(time.time() // WINDOW_SECONDS)}:{digest}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= SIGNUPS_PER_ADDRESS_PER_HOUR
