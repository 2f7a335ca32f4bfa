"""Finding categories in every language a resident reads, and staff's one Danish list of them (#17)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import Translation

from estates import roles
from estates.templatetags.boligsocial_i18n import lang_of
from safety_walks.models import FindingCategory
from safety_walks.resident_reports.forms import ReportForm
from tests.builders import make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

CATEGORIES_URL = "wagtailsnippets_safety_walks_findingcategory:list"


def locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def danish(name: str) -> FindingCategory:
    return FindingCategory.objects.in_default_locale().get(name=name)


def translate(category: FindingCategory, code: str, name: str) -> FindingCategory:
    """As a translator leaves it: a row in the locale with the same translation key (Wagtail's API)."""
    translated = category.copy_for_translation(locale(code))
    translated.name = name
    translated.save()
    return translated


def arabic_url(page) -> str:
    """The page's address under /ar/ (the Danish page is served there while it has no Arabic translation)."""
    with translation.override(page.locale.language_code):  # the address resolves in the page's own language
        return translate_url(page.url, "ar")


def test_a_resident_reading_arabic_sees_the_arabic_name_on_the_walk_report(client):
    lighting = danish("Belysning")
    translate(lighting, "ar", "الإضاءة")
    walk = make_walk()
    make_finding(walk, title="Slukket lampe", category=lighting)

    with translation.override("ar"):
        html = client.get(arabic_url(walk)).content.decode()

    assert "Slukket lampe" in html
    assert "الإضاءة" in html
    assert "Belysning" not in html


def test_the_findings_own_page_names_its_category_in_arabic(client):
    lighting = danish("Belysning")
    translate(lighting, "ar", "الإضاءة")
    walk = make_walk()
    finding = make_finding(walk, title="Slukket lampe", category=lighting)
    with translation.override(walk.locale.language_code):
        url = translate_url(walk.url + walk.reverse_subpage("finding", args=[finding.pk]), "ar")

    with translation.override("ar"):
        html = client.get(url).content.decode()

    assert "Slukket lampe" in html
    assert "الإضاءة" in html and "Belysning" not in html


def test_the_danish_report_keeps_the_danish_name(client):
    lighting = danish("Belysning")
    translate(lighting, "ar", "الإضاءة")
    walk = make_walk()
    make_finding(walk, title="Slukket lampe", category=lighting)

    html = client.get(walk.url).content.decode()

    assert "Belysning" in html
    assert "الإضاءة" not in html


def test_a_category_is_named_in_the_active_language_and_says_which_language_that_is():
    lighting, litter = danish("Belysning"), danish("Affald")
    translate(lighting, "ar", "الإضاءة")
    translate(lighting, "en", "Lighting")

    with translation.override("ar"):
        assert str(lighting) == lighting.display_name == "الإضاءة"
        assert lighting.name_language == "ar"
        assert lang_of(lighting.name_language) == ""
        # No Arabic name yet: the Danish one, honestly marked as Danish for the reader of Arabic.
        assert str(litter) == "Affald"
        assert litter.name_language == "da"
        assert lang_of(litter.name_language) == ' lang="da" dir="ltr"'
    with translation.override("en"):
        assert str(lighting) == "Lighting"
    with translation.override("da"):
        assert str(lighting) == "Belysning"  # staff's admin in Danish keeps the Danish names
        assert lighting.name_language == "da"
    assert lighting.name == "Belysning"  # the stored name never changes with the reader


def test_a_translation_still_in_danish_is_said_to_be_danish():
    """wagtail-localize's "Translate" makes the row at once, with the Danish text until someone translates it."""
    lighting = danish("Belysning")
    translate(lighting, "ar", "Belysning")

    with translation.override("ar"):
        assert str(lighting) == "Belysning"
        assert lighting.name_language == "da"


def test_a_saved_or_deleted_translation_is_shown_at_once():
    lighting = danish("Belysning")
    arabic = translate(lighting, "ar", "الإضاءة")
    with translation.override("ar"):
        assert str(lighting) == "الإضاءة"
        arabic.name = "إنارة"
        arabic.save()
        assert str(lighting) == "إنارة"
        arabic.delete()
        assert str(lighting) == "Belysning"


def test_names_of_a_language_cost_one_query_however_many_categories_are_shown():
    categories = list(FindingCategory.objects.in_default_locale())
    for category in categories:
        translate(category, "ar", f"{category.name} (ar)")

    with translation.override("ar"), CaptureQueriesContext(connection) as queries:
        names = [str(category) for category in categories]
        again = [str(category) for category in categories]
    assert len(queries) == 1
    assert names == again == [f"{category.name} (ar)" for category in categories]


def test_the_walk_reports_query_count_does_not_grow_with_translations(client):
    walk = make_walk()
    categories = list(FindingCategory.objects.in_default_locale())
    for n, category in enumerate(categories * 2):
        make_finding(walk, title=f"Fund {n}", category=category)
    url = arabic_url(walk)
    languages = ("en", "ar", "so", "tr", "uk")
    for code in languages:
        locale(code)  # the site serves them all before and after; only the categories' translations change

    def queries_of_the_report() -> int:
        with translation.override("ar"):
            client.get(url)  # warm the site root and the names
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    untranslated = queries_of_the_report()
    for category in categories:
        for code in languages:
            translate(category, code, f"{category.name} ({code})")
    assert queries_of_the_report() <= untranslated


def test_forms_and_filters_offer_each_category_once(client):
    for category in FindingCategory.objects.in_default_locale():
        translate(category, "ar", f"{category.name} (ar)")
    danish_count = FindingCategory.objects.in_default_locale().count()
    client.force_login(make_user(roles.STAFF))

    form = client.get(reverse("safety_walks_finding_modeladmin_create")).context["form"]
    assert len(form.fields["category"].queryset) == danish_count

    walk = make_walk()
    make_finding(walk, category=danish("Belysning"))
    listing = client.get(reverse("safety_walks_finding_modeladmin_index")).content.decode()
    assert listing.count("?category__id__exact=") == danish_count


def test_the_category_snippet_lists_the_danish_categories_for_staff(client):
    lighting = danish("Belysning")
    translate(lighting, "ar", "الإضاءة")
    staff = make_user(roles.STAFF)
    client.force_login(staff)

    response = client.get(reverse(CATEGORIES_URL))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Belysning" in html and "Affald" in html
    assert "الإضاءة" not in html
    litter = danish("Affald")
    translate_action = reverse(
        "wagtail_localize:submit_snippet_translation", args=["safety_walks", "findingcategory", litter.pk]
    )
    assert translate_action in html  # wagtail-localize's "Translate", for a category not yet in Arabic


def test_partners_are_refused_the_categories(client, partner_user):
    client.force_login(partner_user)
    for url in (
        reverse(CATEGORIES_URL),
        reverse("wagtailsnippets_safety_walks_findingcategory:add"),
        reverse("wagtailsnippets_safety_walks_findingcategory:edit", args=[danish("Belysning").pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url


def test_a_second_category_of_the_same_name_is_refused_in_the_form_not_with_an_error_page(client):
    client.force_login(make_user(roles.STAFF))

    response = client.post(
        reverse("wagtailsnippets_safety_walks_findingcategory:add"), {"name": "Belysning", "sort_order": 5}
    )

    assert response.status_code == 200
    assert "Der findes allerede en kategori med dette navn." in response.content.decode()
    assert FindingCategory.objects.filter(name="Belysning").count() == 1


def test_staff_find_the_categories_in_the_safety_walks_menu(client):
    client.force_login(make_user(roles.STAFF))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse(CATEGORIES_URL) in html


def test_the_residents_report_form_offers_each_category_once():
    for category in FindingCategory.objects.in_default_locale():
        translate(category, "ar", f"{category.name} (ar)")

    with translation.override("ar"):
        offered = [label for value, label in ReportForm().fields["category"].choices if value]

    assert len(offered) == FindingCategory.objects.in_default_locale().count()
    assert len(set(offered)) == len(offered)


def test_staff_translate_a_category_with_wagtail_localize_and_its_po_file(client):
    """The "Translate" action makes the Arabic row at once, still in Danish (and said to be Danish) until a
    translator's text arrives, by the translation editor or a PO file."""
    lighting = danish("Belysning")
    arabic = locale("ar")
    staff = make_user(roles.STAFF)
    client.force_login(staff)

    response = client.post(
        reverse("wagtail_localize:submit_snippet_translation", args=["safety_walks", "findingcategory", lighting.pk]),
        {"locales": [arabic.pk]},
    )

    assert response.status_code == 302
    assert lighting.get_translation(arabic).name == "Belysning"
    with translation.override("ar"):
        assert (str(lighting), lighting.name_language) == ("Belysning", "da")
    work = Translation.objects.get(target_locale=arabic)
    po = client.get(reverse("wagtail_localize:download_pofile", args=[work.pk])).content.decode()
    assert 'msgid "Belysning"\nmsgstr ""' in po

    translated = po.replace('msgid "Belysning"\nmsgstr ""', 'msgid "Belysning"\nmsgstr "الإضاءة"')
    upload = SimpleUploadedFile("ar.po", translated.encode(), "text/x-gettext-translation")
    client.post(reverse("wagtail_localize:upload_pofile", args=[work.pk]), {"file": upload})
    target_editor = reverse("wagtailsnippets_safety_walks_findingcategory:edit", args=[work.get_target_instance().pk])
    client.post(target_editor, {"action": "publish"})  # "Publish in Arabic" in wagtail-localize's editor
    with translation.override("ar"):
        assert (str(lighting), lighting.name_language) == ("الإضاءة", "ar")


def test_a_name_translated_after_the_report_was_read_shows_on_the_next_reading(client):
    lighting = danish("Belysning")
    walk = make_walk()
    make_finding(walk, title="Slukket lampe", category=lighting)
    url = arabic_url(walk)
    with translation.override("ar"):
        assert "Belysning" in client.get(url).content.decode()

        translate(lighting, "ar", "الإضاءة")

        assert "الإضاءة" in client.get(url).content.decode()
