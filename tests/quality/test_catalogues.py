"""Residents' languages (#17): each public catalogue is compiled, speaks the resident words, keeps placeholders."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

import community
import estates
import safety_walks

# The languages residents read besides Danish and English (issue #17). The site may serve more via SITE_LANGUAGES;
# these must always be among them.
RESIDENT_LANGUAGES = ["ar", "so", "tr", "uk"]
# Danish is the source of the admin and English is the msgid itself: neither needs a catalogue here.
NOT_CHECKED = {"da", "en"}

CATALOGUES = {
    "estates": Path(estates.__file__).parent / "locale",
    "safety_walks": Path(safety_walks.__file__).parent / "locale",
    "community": Path(community.__file__).parent / "locale",
    "host": Path(settings.LOCALE_PATHS[0]),
}

# What a resident meets first: headings, buttons, choice labels and status words, across the apps and the host.
# (context, msgid, plural msgid or None)
RESIDENT_STRINGS = [
    (None, "Skip to content", None),
    (None, "Page not found", None),
    (None, "Search the website", None),
    (None, "Language", None),
    (None, "The file is too big", None),
    (None, "Coming activities", None),
    (None, "Sign up", None),
    (None, "Join the waiting list", None),
    (None, "Your sign-up is cancelled", None),
    (None, "Write your name.", None),
    (None, "Children", None),
    (None, "Young people", None),
    (None, "Elderly", None),
    (None, "All residents", None),
    (None, "Every week", None),
    (None, "Report a place that feels unsafe", None),
    (None, "What makes you feel unsafe?", None),
    (None, "Send the report", None),
    (None, "What we found", None),
    (None, "Send me news by email", None),
    (None, "Yes, stop the emails", None),
    ("status shown to residents", "Being worked on", None),
    ("status shown to residents", "Fixed", None),
    ("status shown to residents", "Cannot be fixed", None),
    (None, "%(counter)s place left", "%(counter)s places left"),
]

# %(name)s, %(name)d, %s, {name} and HTML tags must come through a translation unchanged.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?[a-zA-Z][^>]*>")


def resident_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code not in NOT_CHECKED]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_the_site_offers_the_residents_languages():
    offered = {code for code, _name in settings.LANGUAGES}
    assert set(RESIDENT_LANGUAGES) <= offered


@pytest.mark.parametrize("catalogue", sorted(CATALOGUES))
@pytest.mark.parametrize("language", resident_languages())
def test_each_catalogue_is_compiled_with_every_translation(catalogue, language):
    folder = CATALOGUES[catalogue] / language / "LC_MESSAGES"
    po_path, mo_path = folder / "django.po", folder / "django.mo"
    assert po_path.exists(), f"{catalogue} has no {language} catalogue"
    assert mo_path.exists(), f"{catalogue}'s {language} catalogue is not compiled"
    # A .mo older than its last edit would leave residents reading English: compare what each holds.
    translated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid) for e in polib.mofile(str(mo_path)) if e.msgid}
    assert translated <= compiled, f"compile {catalogue}/{language}: {sorted(translated - compiled)[:5]}"


@pytest.mark.parametrize("language", resident_languages())
def test_what_residents_meet_is_translated(language):
    # Django falls back to LANGUAGE_CODE (Danish) for a missing msgstr, so neither English nor Danish counts.
    untranslated = [
        msgid
        for context, msgid, plural in RESIDENT_STRINGS
        if shown_in(language, context, msgid, plural)
        in (shown_in("en", context, msgid, plural), shown_in("da", context, msgid, plural))
    ]
    assert not untranslated, f"{language} shows these in English or Danish: {untranslated}"


def shown_in(language: str, context: str | None, msgid: str, plural: str | None) -> list[str]:
    with translation.override(language):
        if plural:
            return [translation.ngettext(msgid, plural, n) for n in (1, 5)]
        if context:
            return [translation.pgettext(context, msgid)]
        return [translation.gettext(msgid)]


@pytest.mark.parametrize("catalogue", sorted(CATALOGUES))
@pytest.mark.parametrize("language", resident_languages())
def test_translations_keep_the_placeholders(catalogue, language):
    po_path = CATALOGUES[catalogue] / language / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        pytest.fail(f"{catalogue} has no {language} catalogue")
    broken = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        if entry.msgid_plural:
            # A plural form may leave out the number ("one place left"), but brings in nothing new,
            # and together the forms use every placeholder.
            wanted = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            forms = [set(placeholders(text)) for text in entry.msgstr_plural.values()]
            if any(form - wanted for form in forms) or set().union(*forms) != wanted:
                broken.append(entry.msgid)
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            broken.append(entry.msgid)
    assert not broken, f"{catalogue}/{language} changes the placeholders of: {broken}"


@pytest.mark.parametrize("catalogue", sorted(CATALOGUES))
@pytest.mark.parametrize("language", resident_languages())
def test_plural_entries_have_as_many_forms_as_the_header_says(catalogue, language):
    po_path = CATALOGUES[catalogue] / language / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        pytest.fail(f"{catalogue} has no {language} catalogue")
    po = polib.pofile(str(po_path))
    header = po.metadata.get("Plural-Forms", "")
    found = re.search(r"nplurals=(\d+);", header)
    assert found, f"{catalogue}/{language} has no Plural-Forms header"
    nplurals = int(found.group(1))
    short = [e.msgid for e in po.translated_entries() if e.msgid_plural and len(e.msgstr_plural) != nplurals]
    assert not short, f"{catalogue}/{language}: plural entries without {nplurals} forms: {short}"


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_no_catalogue_defines_a_message_twice(catalogue):
    # msgfmt refuses such a file ("duplicate message definition"): the next compile would fail for everyone.
    for path in sorted(CATALOGUES[catalogue].glob("*/LC_MESSAGES/django.po")):
        seen = [(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete]
        twice = sorted({key for key in seen if seen.count(key) > 1}, key=str)
        assert not twice, f"{path}: {twice}"
