"""The name of a finding category in the language being read: its translation's, else the Danish one.

Findings point at the default locale's (Danish) categories; a category translated with wagtail-localize is
another row with the same translation key in another locale. A list of fifty findings must not ask the database
fifty times for those names, so the names of one language (with the Danish ones beside them) are read in one
query and kept in the cache every web worker shares, dropped whenever a category or a translation of one is
saved or deleted. Within one request the names are also kept in memory, so the shared cache is asked once
per language, not once per finding card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from estates.i18n import active_language, default_language

CACHE_KEY = "safety_walks:category-names:{language}"
VERSION_KEY = "safety_walks:category-names:version"
CACHE_SECONDS = 24 * 60 * 60  # dropped on every change anyway; the timeout only bounds a forgotten key


@dataclass(frozen=True)
class NamesIn:
    """The category names of one language, by translation key, and the Danish names beside them."""

    locale_id: int | None  # the language's locale (None: no category in it yet)
    default_locale_id: int | None
    names: dict[UUID, str] = field(default_factory=dict)
    danish: dict[UUID, str] = field(default_factory=dict)


def _read(language: str) -> NamesIn:
    """One query: the categories of the language and of the default locale."""
    FindingCategory = apps.get_model("safety_walks", "FindingCategory")
    default = default_language()
    rows = FindingCategory.objects.filter(locale__language_code__in={language, default}).values_list(
        "translation_key", "name", "locale_id", "locale__language_code"
    )
    locale_id = default_locale_id = None
    names, danish = {}, {}
    for key, name, row_locale_id, row_language in rows:
        if row_language == language:
            locale_id, names[key] = row_locale_id, name
        if row_language == default:
            default_locale_id, danish[key] = row_locale_id, name
    return NamesIn(locale_id=locale_id, default_locale_id=default_locale_id, names=names, danish=danish)


_this_request = Local()  # {language: NamesIn} while a request is served; unset outside requests


def names_in(language: str) -> NamesIn:
    kept = getattr(_this_request, "names", None)
    if kept is not None and language in kept:
        return kept[language]
    key = CACHE_KEY.format(language=language)
    found = cache.get(key)
    if found is None:
        found = _read(language)
        cache.set(key, found, CACHE_SECONDS)
    if kept is not None:
        kept[language] = found
    return found


def shown_name(category) -> tuple[str, str]:
    """(name, the language it is written in) of the category for a reader of the active language.

    A translation whose name is still the Danish one (wagtail-localize creates the row with the source's text
    until someone translates it) is Danish text, and said to be.
    """
    language = active_language()
    if category.pk is None:
        return category.name, default_language()
    known = names_in(language)
    if category.locale_id == known.locale_id:
        return category.name, language
    danish = known.danish.get(category.translation_key)
    translated = known.names.get(category.translation_key)
    if translated and translated != danish:
        return translated, language
    if category.locale_id == known.default_locale_id or danish is None:
        # A translation whose Danish category is gone keeps its own name (rare; that costs one query).
        own = default_language() if category.locale_id == known.default_locale_id else category.locale.language_code
        return category.name, own
    return danish, default_language()


def version() -> str:
    """Changes whenever a category or a translation of one changes: for the key of a cached fragment that shows
    category names (the walk report's findings part). One cache read, no query."""
    found = cache.get(VERSION_KEY)
    if found is None:
        found = uuid4().hex
        cache.add(VERSION_KEY, found, None)
        found = cache.get(VERSION_KEY, found)
    return found


def forget() -> None:
    """Drop the kept names of every language (a category or a translation of one changed)."""
    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])
    cache.set(VERSION_KEY, uuid4().hex, None)
    if getattr(_this_request, "names", None) is not None:
        _this_request.names = {}


@receiver(post_save, sender="safety_walks.FindingCategory", dispatch_uid="safety_walks_category_saved_names")
@receiver(post_delete, sender="safety_walks.FindingCategory", dispatch_uid="safety_walks_category_deleted_names")
def category_changed(sender, **kwargs):
    forget()
    # Again once committed: a reader in another worker may have kept the names of before in the meantime.
    transaction.on_commit(forget)


@receiver(request_started, dispatch_uid="safety_walks_category_names_request_started")
def request_began(sender, **kwargs):
    _this_request.names = {}


@receiver(request_finished, dispatch_uid="safety_walks_category_names_request_finished")
def request_ended(sender, **kwargs):
    _this_request.names = None
