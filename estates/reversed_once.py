"""An address for many objects of one route, reversed once: Django's `reverse()` is dear when asked per row."""

from collections.abc import Callable

from django.urls import reverse

# Stands for an object's id in the address reversed once (each object's id then written in its place).
ANY_ID = "987654321"


def reversed_once(url_name: str, finish: Callable[[str], str] = str) -> Callable[[int], str]:
    """id -> the address of `url_name` (an `<int:...>` route) for that id; `finish` (e.g. making it absolute) is
    applied once to the pattern."""
    pattern = finish(reverse(url_name, args=[int(ANY_ID)]))
    return lambda pk: pattern.replace(ANY_ID, str(pk))
