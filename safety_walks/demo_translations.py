"""The demo's finding categories in the residents' other languages, made with Wagtail's translation API.

Each Danish category of the checklist gets a row per language (`copy_for_translation`), as a translator's work
in wagtail-localize would leave it. The English and Arabic names are the demo's reference; the Somali, Turkish
and Ukrainian ones are a first draft for a native speaker to check. A language the site does not serve is
skipped; a second load changes nothing.
"""

from django.conf import settings
from wagtail.models import Locale

from safety_walks.models import FindingCategory

NAMES: dict[str, dict[str, str]] = {
    "Belysning": {"en": "Lighting", "ar": "الإضاءة", "so": "Iftiinka", "tr": "Aydınlatma", "uk": "Освітлення"},
    "Beplantning og udsyn": {
        "en": "Planting and sightlines",
        "ar": "النباتات ومدى الرؤية",
        "so": "Dhirta iyo muuqaalka",
        "tr": "Bitki örtüsü ve görüş",
        "uk": "Насадження та огляд",
    },
    "Skjulte hjørner": {
        "en": "Hidden corners",
        "ar": "الزوايا المخفية",
        "so": "Geesaha qarsoon",
        "tr": "Gizli köşeler",
        "uk": "Приховані кути",
    },
    "Affald": {"en": "Litter", "ar": "النفايات", "so": "Qashinka", "tr": "Çöp", "uk": "Сміття"},
    "Graffiti og hærværk": {
        "en": "Graffiti and vandalism",
        "ar": "الكتابة على الجدران والتخريب",
        "so": "Qoraalka darbiyada iyo burburinta",
        "tr": "Grafiti ve vandalizm",
        "uk": "Графіті та вандалізм",
    },
    "Vedligeholdelse": {
        "en": "Maintenance",
        "ar": "الصيانة",
        "so": "Dayactirka",
        "tr": "Bakım",
        "uk": "Обслуговування",
    },
    "Trafik og stier": {
        "en": "Traffic and paths",
        "ar": "حركة المرور والممرات",
        "so": "Gaadiidka iyo waddooyinka",
        "tr": "Trafik ve yollar",
        "uk": "Рух і доріжки",
    },
    "Samlingssteder og adfærd": {
        "en": "Gathering places and behaviour",
        "ar": "أماكن التجمع والسلوك",
        "so": "Goobaha la isugu yimaado iyo dhaqanka",
        "tr": "Toplanma yerleri ve davranış",
        "uk": "Місця збору та поведінка",
    },
    "Andet": {"en": "Other", "ar": "أخرى", "so": "Kale", "tr": "Diğer", "uk": "Інше"},
}


def load(*, stdout) -> None:
    locales = _locales()
    made = 0
    for category in FindingCategory.objects.in_default_locale().filter(name__in=NAMES):
        existing = {row.locale_id: row for row in category.get_translations()}
        for locale in locales:
            name = NAMES[category.name].get(locale.language_code)
            if not name:
                continue
            translation = existing.get(locale.pk)
            if translation is None:
                translation = category.copy_for_translation(locale)
            elif translation.name == name:
                continue
            translation.name = name
            translation.save()
            made += 1
    if made:
        codes = ", ".join(locale.language_code for locale in locales)
        stdout.write(f"Categories: {made} name(s) in {codes}")


def _locales() -> list[Locale]:
    """A Locale for each language the site serves that the demo has names for (made if missing)."""
    served = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    wanted = sorted(served & {code for names in NAMES.values() for code in names})
    return [Locale.objects.get_or_create(language_code=code)[0] for code in wanted]
