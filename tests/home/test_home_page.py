import pytest
from django.core.management import call_command
from wagtail.models import Page

from estates import roles
from tests.builders import make_area, make_user

pytestmark = pytest.mark.django_db


def test_home_page_speaks_danish_by_default(client, home_page):
    response = client.get("/da/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da" dir="ltr">' in html
    assert "Spring til indholdet" in html


def test_an_address_without_a_language_goes_to_the_browsers_language(client, home_page):
    assert client.get("/").headers["Location"] == "/da/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5").headers["Location"] == "/ar/"


def test_the_header_switch_names_each_language_in_itself_and_remembers_the_choice(client, home_page):
    html = client.get("/da/").content.decode()
    for code, name in (("da", "Dansk"), ("en", "English"), ("ar", "العربية"), ("so", "Soomaali")):
        assert f'hreflang="{code}" lang="{code}"' in html and f">{name}</a>" in html, code
    english = client.get("/da/boligsocial/sprog/en/?next=/en/", follow=True)
    html = english.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Skip to content" in html
    # The next visit to the bare address lands in English, whatever the browser says.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="da").headers["Location"] == "/en/"


def test_arabic_reads_right_to_left(client, home_page):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_the_switch_never_sends_a_resident_to_another_site(client, home_page):
    response = client.get("/da/boligsocial/sprog/en/?next=https://evil.example/")
    assert response.headers["Location"] == "/en/"
    assert client.get("/da/boligsocial/sprog/xx/?next=/").status_code == 404


def test_header_lists_every_housing_area_and_each_has_its_own_page(client, home_page):
    make_area(name="Nordparken", slug="nordparken")
    make_area(name="Vestervang", slug="vestervang")
    html = client.get("/da/").content.decode()
    assert 'href="/da/omraade/nordparken/"' in html
    assert 'href="/da/omraade/vestervang/"' in html

    area_page = client.get("/da/omraade/vestervang/")
    assert area_page.status_code == 200
    assert "<h1>Vestervang</h1>" in area_page.content.decode()


def test_unknown_housing_area_is_a_friendly_404(client, home_page):
    response = client.get("/da/omraade/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_footer_shows_the_teams_contact_details(client, home_page):
    from wagtail.models import Site

    from home.models import TeamContact

    TeamContact.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"team_name": "Team Nord", "phone": "11 22 33 44"}
    )
    html = client.get("/da/").content.decode()
    assert "Team Nord" in html
    assert 'href="tel:11223344"' in html


def test_search_finds_published_pages_only(client, home_page):
    home_page.add_child(instance=Page(title="Skjult kladde", slug="kladde", live=False))

    call_command("update_index", verbosity=0)
    found = client.get("/da/search/", {"q": "Velkommen"}).content.decode()
    assert 'href="/da/"' in found
    hidden = client.get("/da/search/", {"q": "kladde"}).content.decode()
    assert "Skjult kladde" not in hidden


def test_search_with_a_bad_page_number_shows_the_first_page(client, home_page):
    response = client.get("/da/search/", {"q": "Velkommen", "side": "x"})
    assert response.status_code == 200


def test_pages_api_returns_published_pages_as_json(client, home_page):
    response = client.get("/api/v2/pages/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "Velkommen" in [item["title"] for item in response.json()["items"]]


@pytest.mark.parametrize("query", ['"', 'a"b', "lampe\x07"])
def test_search_words_with_quotes_or_control_characters_never_give_an_error(client, home_page, query):
    assert client.get("/da/search/", {"q": query}).status_code == 200
    assert client.get("/api/v2/pages/", {"search": query}).status_code == 200


def test_a_nul_byte_in_a_search_is_refused_with_a_danish_message(client, home_page):
    for path, params in [("/da/search/", {"q": "lampe\x00"}), ("/api/v2/pages/", {"search": "lampe\x00"})]:
        response = client.get(path, params)
        assert response.status_code == 400, path
        assert "NUL" in response.content.decode(), path


def test_the_plugins_staff_roles_may_edit_the_teams_contact_details():
    # The host grants this on its own model (home/migrations/0002); the plugin grants nothing on the host.
    for role in roles.STAFF_ROLES:
        assert make_user(role).has_perm("home.change_teamcontact"), role


def test_in_arabic_the_menus_danish_names_say_they_are_danish(client, home_page):
    from wagtail.models import Locale
    from wagtail_localize.synctree import synchronize_tree

    from tests.safety_walks.builders import make_walk_index

    make_area(name="Vestervang", slug="vestervang")
    index = make_walk_index()
    index.show_in_menus = True
    index.save_revision().publish()
    synchronize_tree(Locale.get_default(), Locale.objects.get_or_create(language_code="ar")[0])

    html = client.get("/ar/").content.decode()

    assert 'lang="da" dir="ltr">Vestervang</a>' in html  # an area's name is Danish
    assert f'lang="da" dir="ltr">{index.title}</a>' in html  # an untranslated page's title (an alias)
    danish = client.get("/da/").content.decode()
    assert 'lang="da" dir="ltr">Vestervang</a>' not in danish and ">Vestervang</a>" in danish
