"""An activity read in another language: the translation or alias presents the Danish activity's dates, places
and sign-up form (signing up counts against the Danish activity's places); what stays Danish is marked lang="da"."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail_localize.segments.extract import extract_segments

from community.models import ActivityPage
from community.models.signups import SignUp
from community.signups import availability, services
from tests.community.signup_builders import make_signup_activity, make_weekly_signup_activity

pytestmark = pytest.mark.django_db

SUMMARY_DA = "Vi laver mad og spiser sammen. Alle er velkomne."
SUMMARY_AR = "نطبخ ونأكل معًا. الجميع مرحب بهم."
TITLE_AR = "عشاء مشترك"


@pytest.fixture
def arabic():
    return Locale.objects.get_or_create(language_code="ar")[0]


@pytest.fixture
def english():
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def dinner(calendar):
    return make_signup_activity(
        calendar,
        title="Fællesspisning",
        short_summary=SUMMARY_DA,
        place_name="Beboerhuset Nordparken",
        organiser="Madklubben",
        capacity=5,
    )


def translate(page, locale, **texts) -> ActivityPage:
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in texts.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return ActivityPage.objects.get(pk=translated.pk)


def in_language(language: str, text: str, *args) -> str:
    with translation.override(language):
        if args:
            singular, plural, count = text, *args
            return translation.ngettext(singular, plural, count) % {"counter": count}
        return translation.gettext(text)


def get(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return response.content.decode()


def places_left_text(language: str, count: int) -> str:
    return in_language(language, "%(counter)s place left", "%(counter)s places left", count)


def test_the_arabic_activity_shows_the_danish_activitys_places_and_marks_danish_names(client, dinner, arabic):
    services.sign_up(activity=dinner, occurrence_start=None, name="Bo", email="bo@example.dk", people=2)
    translated = translate(dinner, arabic, title=TITLE_AR, short_summary=SUMMARY_AR)

    html = get(client, translated)

    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(rf"<h1>\s*{TITLE_AR}", html)
    assert places_left_text("ar", 3) in html  # the Danish activity's five places, two taken
    assert f'href="{translated.url}tilmeld/"' in html or f'href="{dinner.url}tilmeld/"' in html
    assert '<span lang="da" dir="ltr">Beboerhuset Nordparken' in html
    assert '<span lang="da" dir="ltr">Madklubben</span>' in html
    summary_heading = f'<h2 id="short-summary-heading">{in_language("ar", "In short")}</h2>'
    assert html.index(summary_heading) < html.index(SUMMARY_AR)
    assert SUMMARY_DA not in html


def test_signing_up_on_the_arabic_page_takes_a_place_of_the_danish_activity(client, dinner, arabic):
    translated = translate(dinner, arabic, title=TITLE_AR)
    data = {"name": "Amal", "email": "amal@example.dk", "phone": "", "people": "4", "note": ""}

    form = client.get(f"{translated.url}tilmeld/")
    assert form.status_code == 200
    response = client.post(f"{translated.url}tilmeld/", data)

    assert response.status_code in (302, 303)
    signup = SignUp.objects.get()
    assert signup.activity_id == dinner.pk
    assert signup.language == "ar"
    assert availability.places_left(dinner, None) == 1
    assert places_left_text("da", 1) in get(client, dinner)
    assert places_left_text("ar", 1) in get(client, translated)
    # The last place is the Danish activity's: a second resident of five more goes on the waiting list.
    client.post(f"{translated.url}tilmeld/", {**data, "email": "sara@example.dk", "people": "2"})
    assert SignUp.objects.filter(activity=dinner).count() == 2
    assert not SignUp.objects.filter(activity=translated).exists()


def test_an_untranslated_alias_shows_the_danish_dates_and_text_marked_as_danish(client, calendar, english):
    first_day = timezone.localdate() + timedelta(days=3)
    knitting = make_weekly_signup_activity(calendar, first_day=first_day, weeks=4, short_summary="Vi strikker.")
    alias = ActivityPage.objects.get(pk=knitting.copy_for_translation(english, copy_parents=True, alias=True).pk)
    assert alias.alias_of_id == knitting.pk and alias.live

    html = get(client, alias)

    assert '<html lang="en" dir="ltr">' in html
    assert re.search(r'<h1 lang="da" dir="ltr">\s*Strikkeklub', html)
    assert '<p lang="da" dir="ltr">Vi strikker.</p>' in html
    assert f'<h2 id="short-summary-heading">{in_language("en", "In short")}</h2>' in html
    dates = html.split('id="coming-heading"', 1)[1].split("</section>", 1)[0]
    assert dates.count("<li>") == 4  # the Danish activity's four evenings


def test_the_danish_activity_says_kort_fortalt_first_and_marks_nothing(client, dinner):
    html = get(client, dinner)

    assert '<h2 id="short-summary-heading">Kort fortalt</h2>' in html
    assert html.index("Kort fortalt") < html.index(SUMMARY_DA)
    page = html.split('<article class="bs-page">', 1)[1].split("</article>", 1)[0]
    assert 'lang="da"' not in page


def test_the_summary_is_in_the_api_the_search_and_the_translation_editor(client, dinner):
    item = client.get(f"/api/v2/pages/{dinner.pk}/").json()
    assert item["short_summary"] == SUMMARY_DA

    assert [page.pk for page in ActivityPage.objects.live().search("spiser sammen")] == [dinner.pk]

    segments = [segment for segment in extract_segments(dinner) if segment.path == "short_summary"]
    assert [segment.string.data for segment in segments] == [SUMMARY_DA]


def test_the_arabic_pages_sign_up_button_leads_to_the_arabic_form_with_the_arabic_title(client, dinner, arabic):
    translated = translate(dinner, arabic, title=TITLE_AR)

    page = client.get(translated.url).content.decode()
    assert f'href="{translated.url}tilmeld/"' in page
    assert f'href="{dinner.url}tilmeld/"' not in page
    form = client.get(f"{translated.url}tilmeld/").content.decode()
    assert TITLE_AR in form and '<html lang="ar" dir="rtl">' in form
    assert f'href="{translated.url}"' in form  # back to the page the resident read
