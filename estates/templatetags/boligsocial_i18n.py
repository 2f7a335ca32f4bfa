"""The language of a page for residents: the switch to each language, hreflang alternates, and `lang` on text
that stays in the language it was written in."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.urls.base import translate_url
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import get_language_info
from wagtail.models import Page

from estates import i18n

register = template.Library()


@register.inclusion_tag("boligsocial/includes/language_switch.html", takes_context=True)
def language_switch(context, page: Page | None = None) -> dict:
    """One link per language, named in itself, to this page's translation in that language.

    Where a page has no translation (nor alias) in a language, the link keeps the address and changes its
    language prefix: Wagtail then shows the Danish page under that language's interface, marked lang="da".
    """
    request = context.get("request")
    current = i18n.active_language()
    in_locale = {}
    if page is not None and getattr(page, "pk", None):
        in_locale = {translation.locale.language_code: translation for translation in i18n.translations_of(page)}
    path = request.get_full_path() if request is not None else "/"
    languages = []
    for code, name in settings.LANGUAGES:
        target = (in_locale[code].get_url(request) if code in in_locale else None) or translate_url(path, code)
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": name,
                "bidi": info["bidi"],
                "current": code == current,
                "href": f"{reverse('boligsocial:choose_language', args=[code])}?{urlencode({'next': target})}",
            }
        )
    return {"languages": languages}


@register.simple_tag(takes_context=True)
def hreflang_links(context, page: Page | None = None) -> str:
    """`<link rel="alternate" hreflang>` to each real translation (aliases show Danish text: not alternates)."""
    request = context.get("request")
    if page is None or not getattr(page, "pk", None):
        return ""
    translations = i18n.translated_into(page)
    if len(translations) < 2:
        return ""
    links = [(t.locale.language_code, t.get_full_url(request)) for t in translations]
    default = next((url for code, url in links if code == settings.LANGUAGE_CODE), None)
    if default:
        links.append(("x-default", default))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.simple_tag
def content_lang(page: Page) -> str:
    """` lang="da"` on a page's own text when it is not written in the language being read (an untranslated page)."""
    language = i18n.content_language(page)
    return lang_of(language)


@register.simple_tag
def lang_of(language: str = "") -> str:
    """` lang="…"` for text written in `language` (a partner's note, a place name: "da") when the reader reads
    another language; nothing when they match."""
    language = language or settings.LANGUAGE_CODE
    if language == i18n.active_language():
        return ""
    bidi = get_language_info(language)["bidi"] if language in dict(settings.LANGUAGES) else False
    return format_html(' lang="{}" dir="{}"', language, "rtl" if bidi else "ltr")


@register.filter
def written_in(text, language: str = "") -> str:
    """`text` in a `<span lang dir>` when it is written in another language than the reader's (Danish by default:
    a note, a place's name), and as it is otherwise: no empty spans on a Danish page."""
    marks = lang_of(language)
    return format_html("<span{}>{}</span>", marks, text) if marks and text else conditional_escape(text)
