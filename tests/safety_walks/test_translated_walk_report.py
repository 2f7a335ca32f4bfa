"""A walk report read in another language: the translation or alias presents the Danish walk's findings,
meetings, photos and follows; what staff wrote in Danish is marked lang="da"; "Kort fortalt" comes first."""

import re

import pytest
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.segments.extract import extract_segments

from safety_walks.models import FindingUpdate, WalkPage
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation
from tests.safety_walks.builders import make_finding, make_theme_meeting, make_walk

pytestmark = pytest.mark.django_db

SUMMARY_DA = "Vi gik en tur om aftenen. Vi fandt mørke steder. Kommunen sætter lys op."
SUMMARY_AR = "مشينا في المساء. وجدنا أماكن مظلمة."


def heading(language: str, text: str = "In short") -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def arabic():
    return Locale.objects.get_or_create(language_code="ar")[0]


@pytest.fixture
def english():
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def walk():
    area = make_area(name="Nordparken", slug="nordparken")
    walk = make_walk(title="Tryghedsvandring i Nordparken", areas=[area], short_summary=SUMMARY_DA)
    police = make_organisation(name="Østjyllands Politi")
    finding = make_finding(
        walk,
        title="Mørk sti ved skolen",
        description="Lampen ved stien er gået i stykker.",
        location="Stien bag blok 3",
        responsibilities=[(police, RS.IN_PROGRESS, 30)],
    )
    FindingUpdate.objects.create(finding=finding, public_note="Ny lampe er bestilt.")
    make_finding(walk, title="Internt fund", is_public=False)
    return walk


def translate(page, locale, **texts) -> WalkPage:
    """A published translation of `page` (and aliases of its parents), with its texts in the new language."""
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in texts.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return WalkPage.objects.get(pk=translated.pk)


def get(client, page, language: str) -> str:
    with translation.override(language):
        url = page.url
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def marked_danish(html: str, text: str) -> bool:
    """`text` sits inside an element marked lang="da" (the element opening just before it)."""
    at = html.index(text)
    opening = html.rfind("<", 0, at)
    while html.startswith("</", opening) or html.startswith("<br", opening):
        opening = html.rfind("<", 0, opening)
    return 'lang="da"' in html[opening : html.index(">", opening)]


def test_the_arabic_translation_shows_the_danish_walks_findings_marked_as_danish(client, walk, arabic):
    translated = translate(walk, arabic, title="جولة الأمان في نوردباركن", short_summary=SUMMARY_AR)

    html = get(client, translated, "ar")

    assert '<html lang="ar" dir="rtl">' in html
    assert "جولة الأمان في نوردباركن" in html
    assert re.search(r"<h1>\s*جولة الأمان", html), "a translated title is not marked as Danish"
    assert "Mørk sti ved skolen" in html and "Internt fund" not in html
    assert marked_danish(html, "Lampen ved stien er gået i stykker.")
    assert marked_danish(html, "Ny lampe er bestilt.")
    assert marked_danish(html, "Stien bag blok 3")
    assert marked_danish(html, "Østjyllands Politi")
    assert '· <span lang="da" dir="ltr">Nordparken</span>' in html  # the area's name
    assert 'lang="da" dir="ltr"' in html
    # The finding's own page is under the Arabic address, and still the Danish walk's finding.
    finding = walk.findings.get(title="Mørk sti ved skolen")
    assert f"{translated.url}fund/{finding.pk}/" in html
    own = client.get(f"{translated.url}fund/{finding.pk}/")
    assert own.status_code == 200
    assert marked_danish(own.content.decode(), "Lampen ved stien er gået i stykker.")


def test_the_translated_summary_comes_first_under_the_heading_in_the_readers_language(client, walk, arabic):
    translated = translate(walk, arabic, title="جولة الأمان", short_summary=SUMMARY_AR)

    html = get(client, translated, "ar")

    summary_heading = f'<h2 id="short-summary-heading">{heading("ar")}</h2>'
    assert summary_heading in html
    assert html.index(summary_heading) < html.index(SUMMARY_AR) < html.index("Mørk sti ved skolen")
    assert not marked_danish(html, SUMMARY_AR)
    assert SUMMARY_DA not in html


def test_the_danish_report_says_kort_fortalt_first_and_marks_nothing(client, walk):
    html = get(client, walk, "da")

    assert '<h2 id="short-summary-heading">Kort fortalt</h2>' in html
    assert html.index("Kort fortalt") < html.index(SUMMARY_DA) < html.index("Mørk sti ved skolen")
    report = html.split('class="bs-page bs-walk-report"', 1)[1]
    assert 'lang="da"' not in report  # Danish read in Danish needs no marking


def test_an_untranslated_alias_shows_the_danish_text_marked_as_danish(client, walk, english):
    alias = walk.copy_for_translation(english, copy_parents=True, alias=True)
    alias = WalkPage.objects.get(pk=alias.pk)
    assert alias.alias_of_id == walk.pk and alias.live

    html = get(client, alias, "en")

    assert '<html lang="en" dir="ltr">' in html
    assert re.search(r'<h1 lang="da" dir="ltr">\s*Tryghedsvandring i Nordparken', html)
    assert marked_danish(html, SUMMARY_DA)
    assert f'<h2 id="short-summary-heading">{heading("en")}</h2>' in html
    assert "Mørk sti ved skolen" in html


def test_meetings_photos_and_the_follow_form_are_the_danish_walks(client, walk, arabic):
    make_theme_meeting(walks=[walk], title="Unge ved torvet", is_public=True)
    translated = translate(walk, arabic, title="جولة")
    assert not translated.findings.exists()

    html = get(client, translated, "ar")

    assert marked_danish(html, "Unge ved torvet")
    assert f'name="walk" value="{walk.pk}"' in html  # one follow of the one walk, whatever its language
    assert f'name="walk" value="{translated.pk}"' not in html


def test_the_cached_report_is_kept_apart_per_language(client, walk, arabic, settings):
    """With no Arabic tree, /ar/ shows the Danish walk itself: its cached report must not be the Danish one."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    danish = get(client, walk, "da")
    response = client.get(translate_url(walk.url, "ar"))
    assert response.status_code == 200
    arabic_html = response.content.decode()

    assert heading("da", "What we found") in danish
    assert heading("ar", "What we found") in arabic_html
    assert heading("da", "What we found") not in arabic_html
    assert re.search(r'<h1 lang="da" dir="ltr">\s*Tryghedsvandring i Nordparken', arabic_html)


def test_the_summary_is_in_the_api_the_search_and_the_translation_editor(client, walk):
    item = client.get(f"/api/v2/pages/{walk.pk}/").json()
    assert item["short_summary"] == SUMMARY_DA

    assert [page.pk for page in WalkPage.objects.live().search("Kommunen sætter lys op")] == [walk.pk]

    segments = [segment for segment in extract_segments(walk) if segment.path == "short_summary"]
    assert [segment.string.data for segment in segments] == [SUMMARY_DA]


def test_status_words_are_plain_danish_with_a_line_that_explains_them(client, walk):
    waiting = make_finding(walk, title="Affald ved containerne")

    html = get(client, walk, "da")

    progress = html.split('id="progress-heading"', 1)[1].split("</section>", 1)[0]
    assert 'Vi arbejder på det</span> 1 <span class="bs-status-explained">– Arbejdet er begyndt.</span>' in progress
    assert "Ingen har opgaven endnu</span> 1" in progress
    assert "Vi har skrevet det ned og finder en, der kan ordne det." in progress
    own = client.get(f"{walk.url}fund/{waiting.pk}/").content.decode()
    assert re.search(r'Ingen har opgaven endnu</span>\s*<span class="bs-status-explained">Vi har skrevet det', own)
    # The admin keeps its office words.
    assert "I gang" not in progress and "Registreret" not in progress
