"""Pages in several languages: the default locale's page carries the domain, its translations present it.

Findings, sign-ups, occurrences and every other working row hang off the page in the default locale (Danish),
whatever language a resident reads. A translation (or an alias wagtail-localize keeps in sync until someone
translates) only presents that page: its title, body and summary in another language. So domain reads start
from `source_page(page)`, listings query the default locale with `in_source_locale()`, and what a resident
sees is swapped for its translation with `presented()` in one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.models import Locale, Page

from estates.page_addresses import page_urls

_default_locale_ids: dict[str, int] = {}
# The languages found to have no locale during the current request (None outside a request): per thread or task.
_missing_in_request: ContextVar[set[str] | None] = ContextVar("boligsocial_missing_locales", default=None)
_locale_languages: dict[int, str] = {}
_locale_ids: dict[str, int] = {}


def default_locale() -> Locale:
    return Locale.get_default()


def default_locale_id() -> int:
    """The default locale's id, asked once per process (forgotten when a locale is saved or deleted)."""
    code = settings.LANGUAGE_CODE
    if code not in _default_locale_ids:
        _default_locale_ids[code] = default_locale().pk
    return _default_locale_ids[code]


@receiver([post_save, post_delete], sender=Locale)
def forget_locales(**kwargs) -> None:
    """Forget the locale ids this worker has kept (a locale was saved or deleted here)."""
    _default_locale_ids.clear()
    _locale_ids.clear()
    _locale_languages.clear()
    if (missing := _missing_in_request.get()) is not None:
        missing.clear()


def active_language() -> str:
    """The active language as the content languages name it ("da", "ar", ...), never a region variant."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def default_language() -> str:
    return settings.LANGUAGE_CODE.split("-")[0]


def active_locale_id() -> int | None:
    """The active language's locale id (None where the site has no such locale), kept once found: a locale
    added in another worker's admin is found at the next ask, not after a restart. That a language has no locale
    is kept to the end of the request (a page read in it asks several times), and asked again in the next."""
    code = active_language()
    if code not in _locale_ids:
        missing = _missing_in_request.get()
        if missing is not None and code in missing:
            return None
        found = Locale.objects.filter(language_code=code).values_list("pk", flat=True).first()
        if found is None:
            if missing is not None:
                missing.add(code)
            return None
        _locale_ids[code] = found
    return _locale_ids[code]


@receiver(request_started)
def _start_request(**kwargs) -> None:
    _missing_in_request.set(set())


@receiver(request_finished)
def _finish_request(**kwargs) -> None:
    _missing_in_request.set(None)


def is_source(page: Page) -> bool:
    return page.locale_id == default_locale_id()


def source_page(page: Page) -> Page:
    """The page in the default locale that `page` translates (itself when it is that page); specific."""
    if is_source(page):
        return page
    source = Page.objects.filter(translation_key=page.translation_key, locale_id=default_locale_id()).first()
    return source.specific if source is not None else page


def in_source_locale(pages: QuerySet) -> QuerySet:
    """Only the default locale's pages: one row per page however many languages it is presented in."""
    return pages.filter(locale_id=default_locale_id())


def presents_other_pages() -> bool:
    """Whether a reader of the active language may see other pages than the default locale's: not in the
    default language, and not where Wagtail's per-locale routing is off (a translation has no address then)."""
    return active_language() != default_language() and getattr(settings, "WAGTAIL_I18N_ENABLED", False)


def presented(pages: Iterable[Page]) -> dict[int, Page]:
    """{source page id: the live page a reader of the active language should see} in one query.

    That is the live translation (or alias) in the active locale, or the source page itself when there is none.
    The returned pages are plain `Page` rows (title, url_path, locale, alias_of), enough for a link and a title.
    In the default language (the busiest case) and where Wagtail's per-locale routing is off (a translation has
    no address then) the pages are their own presentation, without asking the database.
    """
    pages = list(pages)
    shown = {page.pk: page for page in pages}
    if not pages or not presents_other_pages():
        return shown
    locale_id = active_locale_id()
    if locale_id is None:
        return shown
    by_key = {page.translation_key: page.pk for page in pages if page.locale_id != locale_id}
    for translated in Page.objects.live().filter(locale_id=locale_id, translation_key__in=by_key):
        shown[by_key[translated.translation_key]] = translated
    return shown


def with_shown(pages: Iterable[Page], request=None) -> list[Page]:
    """The pages (the default locale's), each with `shown_title` and `shown_url`: the title and address of the page
    presenting it in the active language (its translation or alias; one query, none in the default language)."""
    pages = list(pages)
    shown = presented(pages)
    presenting_pages = [shown.get(page.pk, page) for page in pages]
    # Their addresses as each page's get_url(request) gives them, worked out once per parent (a list's pages are
    # siblings): Wagtail's page by page costs a list more than reading its pages.
    urls = page_urls(presenting_pages, request)
    for page, presenting in zip(pages, presenting_pages, strict=True):
        page.shown_title = presenting.title
        page.shown_url = urls[presenting.pk]
        page.shown_language = language_shown(presenting, source_id=page.pk)
    return pages


def language_shown(presenting: Page, *, source_id: int) -> str:
    """The language of the text `presenting` shows for the source page: the reader's for a translation; the
    default language for the source itself or an alias (it shows the source's text under the reader's address)."""
    translated = presenting.pk != source_id and not presenting.alias_of_id
    return active_language() if translated else default_language()


def content_language(page: Page) -> str:
    """The language the page's own text is written in.

    An alias wagtail-localize keeps for a not yet translated page shows the source's text (Danish) under another
    locale, and Wagtail serves the default locale's page where a locale has no tree at all: both are marked with
    the source's language, never passed off as the language of the address.
    """
    if page.alias_of_id:
        alias_of_locale = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True).first()
        if alias_of_locale is not None:
            return locale_language(alias_of_locale)
    if "locale" in page._state.fields_cache:
        return page.locale.language_code
    return locale_language(page.locale_id)


def locale_language(locale_id: int) -> str:
    """The language code of a locale, by id: every locale read in one query, kept until a locale is saved or
    deleted here (one this worker has not seen yet, added in another worker, is read at once)."""
    if locale_id not in _locale_languages:
        _locale_languages.update(Locale.objects.values_list("pk", "language_code"))
    if locale_id not in _locale_languages:
        return Locale.objects.get(pk=locale_id).language_code  # raises as `page.locale` would
    return _locale_languages[locale_id]


def translations_of(page: Page) -> list[Page]:
    """Every live page in the page's translation set (itself, its translations and aliases), with their locales;
    asked once per page object, so the header's switch and the head's alternates share one query."""
    cached = getattr(page, "_boligsocial_translations", None)
    if cached is None:
        cached = list(
            Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
            .order_by("locale__language_code")
        )
        page._boligsocial_translations = cached
    return cached


def translated_into(page: Page) -> list[Page]:
    """The page's real translations (not aliases), live, the page itself included: the `hreflang` alternates."""
    return [translation for translation in translations_of(page) if not translation.alias_of_id]
