"""Dates and times in the reader's language: Django's named formats, and the plugin's own where Django's are missing.

Templates write `{{ walk.walk_date|local_date:"DATE_FORMAT" }}` (any of Django's named formats, or
WEEKDAY_DATE_FORMAT, a day with its weekday); Python code calls `format_date(value, "DATE_FORMAT")`.
Nothing here needs a host setting: a host's FORMAT_MODULE_PATH is not consulted for the languages below.
"""

from contextlib import nullcontext
from datetime import datetime, time
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils import dateformat, formats, timezone, translation

register = template.Library()

# The plugin's own named format: a day with its weekday, as in "fredag 1. maj 2026" or "Friday, May 1, 2026".
WEEKDAY_DATE_FORMAT = "WEEKDAY_DATE_FORMAT"

# Day, month, year and a 24-hour clock, for languages Django has no formats for.
_DAY_MONTH_YEAR = {
    "DATE_FORMAT": "j F Y",
    "DATETIME_FORMAT": "j F Y, H:i",
    "SHORT_DATE_FORMAT": "d/m/Y",
    "SHORT_DATETIME_FORMAT": "d/m/Y H:i",
    "MONTH_DAY_FORMAT": "j F",
    "YEAR_MONTH_FORMAT": "F Y",
    "TIME_FORMAT": "H:i",
    WEEKDAY_DATE_FORMAT: "l j F Y",
}

# Only where Django's named format for a language is missing, or reads otherwise than the plugin's pages should.
PATTERNS = {
    # Django's Danish date and time has no comma ("1. maj 2026 17:30"); the pages have always had one.
    "da": {"DATETIME_FORMAT": "j. F Y, H:i", WEEKDAY_DATE_FORMAT: "l j. F Y"},
    # Django's Arabic formats stop at dates: its date and time would fall back to the English "May 1, 2026, 5 p.m.".
    "ar": {
        "DATETIME_FORMAT": "j F، Y، g:i A",
        "SHORT_DATETIME_FORMAT": "d\u200f/m\u200f/Y، g:i A",
        WEEKDAY_DATE_FORMAT: "l، j F، Y",
    },
    "tr": {WEEKDAY_DATE_FORMAT: "j F Y l"},
    # Django's Ukrainian day and month names the month in the nominative ("01 Травень"); a date wants the genitive.
    "uk": {"MONTH_DAY_FORMAT": "j E"},
    "fa": {WEEKDAY_DATE_FORMAT: "l، j F Y"},
    "so": {**_DAY_MONTH_YEAR, WEEKDAY_DATE_FORMAT: "l, j F Y"},
    "ur": {**_DAY_MONTH_YEAR, "DATETIME_FORMAT": "j F Y، H:i", WEEKDAY_DATE_FORMAT: "l، j F Y"},
}


def pattern(name: str, language: str | None = None) -> str:
    """The date pattern a named format stands for in `language` (the active one by default)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    for code in (language, language.split("-")[0]):
        if name in PATTERNS.get(code, {}):
            return PATTERNS[code][name]
    if name == WEEKDAY_DATE_FORMAT:
        return "l, " + formats.get_format("DATE_FORMAT", language)
    return formats.get_format(name, language)


def format_date(value, name: str = "DATE_FORMAT") -> str:
    """`value` (a date, a datetime in the current time zone, or a time) in the active language's `name` format."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    language = translation.get_language() or settings.LANGUAGE_CODE
    chosen = pattern(name, language)
    names = _names_language(language, settings.LANGUAGE_CODE)
    with translation.override(names) if names != language else nullcontext():
        if isinstance(value, time):
            return dateformat.time_format(value, chosen)
        return dateformat.format(value, chosen)


@register.filter(expects_localtime=True, is_safe=False)
def local_date(value, name: str = "DATE_FORMAT") -> str:
    """`{{ value|local_date:"DATE_FORMAT" }}`: like Django's `date` filter with a named format, for every language."""
    try:
        return format_date(value, name)
    except (AttributeError, TypeError):  # what Django's `date` filter forgives too: not a date
        return ""


@lru_cache(maxsize=32)
def _names_language(language: str, default: str) -> str:
    """Whose month and day names a date shows: the reader's language, or English where no catalog names them.

    Django has no Somali: its month names would silently come from the site's default language (Danish).
    Once a Somali catalog translates them, they are used.
    """
    if language == default or language.startswith("en"):
        return language
    with translation.override(language):
        own = translation.gettext("January")
    with translation.override(default):
        fallback = translation.gettext("January")
    return "en" if own == fallback != "January" else language
