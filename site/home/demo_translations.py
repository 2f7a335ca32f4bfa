"""The demo in several languages: a Locale for each content language, kept in step with Danish by wagtail-localize
(every page has an alias in every locale until someone translates it, so an untranslated page shows the Danish
one), and the home page, the walk index, one walk report, the calendar and one activity translated into English
and Arabic through wagtail-localize's translations, as a translator would in its editor (kept in sync, PO files).

Idempotent: a second load creates no locale, alias or revision when nothing changed.
"""

import json

from django.conf import settings
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    LocaleSynchronization,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.synctree import synchronize_tree

# The pages translated in the demo: (model label, slug) of the Danish page.
TRANSLATED = [
    ("home.homepage", "forside"),
    ("safety_walks.walkindexpage", "tryghedsvandringer"),
    ("safety_walks.walkpage", "tryghedsvandring-nordparken"),
    ("community.calendarpage", "aktiviteter"),
    ("community.activitypage", "faellesspisning"),
]

# What a translator wrote, keyed by the Danish text of each segment (as in a PO file: msgid -> msgstr).
# Slugs stay Danish, so an address differs between languages only in its prefix (/da/, /en/, /ar/).
STRINGS: dict[str, dict[str, str]] = {
    "Velkommen til det boligsociale team": {
        "en": "Welcome to the housing social team",
        "ar": "مرحبًا بكم في الفريق الاجتماعي للإسكان",
    },
    (
        "Her kan du følge med i, hvad vi gør for tryghed, godt naboskab og fællesskab i vores boligområder: "
        "resultater fra tryghedsvandringer og kommende aktiviteter for alle beboere."
    ): {
        "en": (
            "Follow what we do for safety, good neighbourliness and community in our housing areas: "
            "what the safety walks found and what they led to, and coming activities for every resident."
        ),
        "ar": (
            "تابعوا هنا ما نقوم به من أجل الأمان وحسن الجوار والتلاحم في أحيائنا السكنية: "
            "نتائج جولات الأمان والأنشطة القادمة لجميع السكان."
        ),
    },
    # The home pages of the languages are siblings at the top of the tree: their slugs must differ (as the
    # aliases' do); the address of each is its language's prefix (/en/, /ar/) whatever the slug.
    "forside": {"en": "forside-en", "ar": "forside-ar"},
    "Tryghedsvandringer": {"en": "Safety walks", "ar": "جولات الأمان"},
    "Tryghedsvandring i Nordparken": {"en": "Safety walk in Nordparken", "ar": "جولة الأمان في نوردباركن"},
    (
        "Vi gik en tur i Nordparken om aftenen. Vi fandt steder, hvor man føler sig utryg. "
        "Her kan du se, hvem der skal ordne dem, og hvor langt de er."
    ): {
        "en": (
            "We walked around Nordparken one evening. We found places where people feel unsafe. "
            "Here you can see who is to fix them, and how far they have got."
        ),
        "ar": (
            "تجوّلنا في نوردباركن في المساء. وجدنا أماكن يشعر فيها الناس بعدم الأمان. "
            "هنا ترى من سيصلحها، وإلى أين وصل العمل."
        ),
    },
    "Foran beboerhuset": {"en": "In front of the community house", "ar": "أمام بيت السكان"},
    "Rundt om blokkene, forbi legepladsen, gennem tunnelen og tilbage ad hovedstien.": {
        "en": "Around the blocks, past the playground, through the tunnel and back along the main path.",
        "ar": "حول العمارات، مرورًا بساحة اللعب، عبر النفق، ثم العودة على الممر الرئيسي.",
    },
    "Beboere, driften, kommunen og politiet gik sammen en tirsdag aften i mørke.": {
        "en": "Residents, the caretakers, the municipality and the police walked together one dark Tuesday evening.",
        "ar": "سار السكان وفريق الصيانة والبلدية والشرطة معًا مساء يوم ثلاثاء بعد حلول الظلام.",
    },
    "Aktiviteter": {"en": "Activities", "ar": "الأنشطة"},
    (
        "Aktiviteter, der bringer naboer sammen på tværs af alder og baggrund. Alle er velkomne. "
        "Vælg dit boligområde eller hvem du er, og abonnér på kalenderen på din telefon."
    ): {
        "en": (
            "Activities that bring neighbours together across ages and backgrounds. Everyone is welcome. "
            "Choose your housing area or who you are, and subscribe to the calendar on your phone."
        ),
        "ar": (
            "أنشطة تجمع الجيران من مختلف الأعمار والخلفيات. الجميع مرحَّب بهم. "
            "اختر حيّك السكني أو الفئة التي تنتمي إليها، واشترك في التقويم على هاتفك."
        ),
    },
    "Vi laver mad og spiser sammen. Alle er velkomne. Meld dig til, så vi ved, hvor mange vi er.": {
        "en": "We cook and eat together. Everyone is welcome. Sign up, so we know how many we will be.",
        "ar": "نطبخ ونأكل معًا. الجميع مرحَّب بهم. سجّل اسمك حتى نعرف كم سيكون عددنا.",
    },
    "Fællesspisning": {"en": "Shared dinner", "ar": "عشاء جماعي"},
    "Vi laver mad sammen og spiser ved lange borde. Kom alene eller med hele familien.": {
        "en": "We cook together and eat at long tables. Come on your own or bring the whole family.",
        "ar": "نطبخ معًا ونأكل على طاولات طويلة. تعال وحدك أو مع العائلة كلها.",
    },
    "Fælleslokalet i Vestervang": {"en": "The common room in Vestervang", "ar": "القاعة المشتركة في فيسترفانغ"},
    "Madklubben i Vestervang": {"en": "The Vestervang food club", "ar": "نادي الطبخ في فيسترفانغ"},
    "25 kr. for voksne, børn spiser gratis": {
        "en": "25 kr. for adults, children eat for free",
        "ar": "25 كرونة للبالغين، والأطفال يأكلون مجانًا",
    },
}
# Segments a translator keeps as they are (addresses, names, numbers, the slugs): "translated" to themselves, so
# the editor counts the translation as complete.
KEPT = {
    "tryghedsvandringer",
    "tryghedsvandring-nordparken",
    "aktiviteter",
    "faellesspisning",
    "Vestervang 4, 8000 Aarhus C",
    "Sara Medarbejder",
    "70 20 30 40",
}
LANGUAGES = ("en", "ar")
# Fields of a page's JSON that a new revision or publication changes without changing what it says.
BOOKKEEPING = {
    "latest_revision",
    "live_revision",
    "latest_revision_created_at",
    "last_published_at",
    "first_published_at",
    "has_unpublished_changes",
    "draft_title",
    "url_path",
}


def load(*, stdout) -> None:
    source = Locale.get_default()
    locales = content_locales(source)
    synchronise(source, locales, stdout=stdout)
    translated = [locale for locale in locales if locale.language_code in LANGUAGES]
    changed = sum(translate(page, locale) for page in demo_pages() for locale in translated)
    if changed:
        stdout.write(f"Translations: {changed} page(s) in {', '.join(LANGUAGES)} brought up to date")


def content_locales(source: Locale) -> list[Locale]:
    """A Locale row for every content language but the default one (created if missing)."""
    wanted = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != source.language_code]
    existing = {locale.language_code: locale for locale in Locale.objects.filter(language_code__in=wanted)}
    missing = [Locale(language_code=code) for code in wanted if code not in existing]
    for locale in Locale.objects.bulk_create(missing):
        existing[locale.language_code] = locale
    return [existing[code] for code in wanted]


def synchronise(source: Locale, locales: list[Locale], *, stdout) -> None:
    """Every locale synchronised from Danish, and the aliases of pages made since (the apps' demos add pages in
    code, which wagtail-localize's admin hook never sees)."""
    synced = set(LocaleSynchronization.objects.filter(locale__in=locales).values_list("locale_id", flat=True))
    # bulk_create: the post_save signal would synchronise each locale at once, and then again below.
    LocaleSynchronization.objects.bulk_create(
        [LocaleSynchronization(locale=locale, sync_from=source) for locale in locales if locale.pk not in synced]
    )
    before = Page.objects.filter(alias_of__isnull=False).count()
    for locale in _missing_pages(source, locales):
        synchronize_tree(source, locale)
    made = Page.objects.filter(alias_of__isnull=False).count() - before
    if made:
        stdout.write(f"Languages: {made} alias page(s) in {len(locales)} locale(s), synchronised from Danish")


def _missing_pages(source: Locale, locales: list[Locale]) -> list[Locale]:
    """The locales lacking a page Danish has (two queries; building wagtail-localize's page index costs more)."""
    keys = set(Page.objects.filter(locale=source, depth__gt=1).values_list("translation_key", flat=True))
    present = {locale.pk: set() for locale in locales}
    for locale_id, key in Page.objects.filter(locale__in=locales, translation_key__in=keys).values_list(
        "locale_id", "translation_key"
    ):
        present[locale_id].add(key)
    return [locale for locale in locales if present[locale.pk] != keys]


def demo_pages() -> list[Page]:
    source = Locale.get_default()
    pages = []
    for label, slug in TRANSLATED:
        page = Page.objects.filter(locale=source, slug=slug, content_type__model=label.split(".")[1]).first()
        if page is not None:
            pages.append(page.specific)
    return pages


def translate(page: Page, locale: Locale) -> bool:
    """Translate `page` into `locale` with the demo's strings, as wagtail-localize's editor does; False when the
    translation was already there and up to date."""
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created and _content(page.to_json()) != _content(source.content_json):
        source.update_from_db()  # the app's demo changed the Danish page since: translate its present text
        created = True
    translation, new = Translation.objects.get_or_create(source=source, target_locale=locale)
    target = page.get_translation_or_none(locale)
    strings_changed = _write_strings(source, locale)
    if not (created or new or strings_changed) and target is not None and target.alias_of_id is None:
        return False
    # Published once the load commits (wagtail-localize publishes on commit, as its editor does).
    translation.save_target(publish=True)
    return True


def _content(content_json: str) -> dict:
    """A page's content without what publishing changes (the apps' demos publish their pages on every load)."""
    content = json.loads(content_json)
    return {key: _without_ids(value) for key, value in content.items() if key not in BOOKKEEPING}


def _without_ids(value):
    """Child rows (an activity's moved or cancelled dates) are written anew on each load: compare them by content."""
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "pk"}
    return value


def _write_strings(source: TranslationSource, locale: Locale) -> bool:
    changed = False
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        data = segment.string.data
        text = data if data in KEPT else STRINGS.get(data, {}).get(locale.language_code)
        if not text:
            continue  # not translated in the demo: the Danish text stays (wagtail-localize's fallback)
        _row, made = StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text},
        )
        if not made and _row.data != text:
            _row.data = text
            _row.save(update_fields=["data"])
            made = True
        changed = changed or made
    return changed
