"""Requests limited per hour: password-reset mails per account and per client address, and the anonymous
forms (sign-ups, residents' reports, follow requests) per client address, in fixed one-hour windows.

Counted in Django's default cache: with several web processes it must be a shared cache (Redis, database),
or each process counts on its own. A reset over a limit is answered exactly like one that sent a mail,
so the answer never tells whether an account exists.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
DEFAULT_PER_ACCOUNT = 3
DEFAULT_PER_ADDRESS = 10


def per_account_limit() -> int:
    return getattr(settings, "BOLIGSOCIAL_PASSWORD_RESETS_PER_ACCOUNT", DEFAULT_PER_ACCOUNT)


def per_address_limit() -> int:
    return getattr(settings, "BOLIGSOCIAL_PASSWORD_RESETS_PER_ADDRESS", DEFAULT_PER_ADDRESS)


def _key(kind: str, value: str) -> str:
    window = int(time.time() // WINDOW_SECONDS)
    digest = hashlib.sha256(value.strip().casefold().encode()).hexdigest()[:32]
    return f"boligsocial:throttle:{kind}:{window}:{digest}"


def _spend(key: str) -> int:
    """Count one more request under `key`; returns the count including this one (values are never stored)."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def allow_password_reset(*, email: str, address: str) -> bool:
    """Whether a reset mail may go to `email` asked from `address`; counts the request either way."""
    by_account = _spend(_key("password-reset:account", email))
    by_address = _spend(_key("password-reset:address", address))
    return by_account <= per_account_limit() and by_address <= per_address_limit()


def allow_per_hour(kind: str, *, address: str, limit: int) -> bool:
    """Whether one more `kind` request (e.g. "signup") may come from this client address this hour; counts it
    either way."""
    return _spend(_key(kind, address or "unknown")) <= limit
