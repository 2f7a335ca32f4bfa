import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from community.models import ActivityPage
from estates import roles
from estates.discovery import app_modules
from estates.install import install
from safety_walks.models import WalkPage

pytestmark = pytest.mark.django_db

# Models whose rows the demo loader creates; later apps' models are counted too once they exist.
COUNTED = [
    "wagtailcore.Page",
    "wagtailcore.Site",
    "auth.User",
    "estates.HousingArea",
    "estates.Organisation",
    "estates.Membership",
    "home.TeamContact",
]


def snapshot() -> dict[str, int]:
    counted = COUNTED + [
        f"{model._meta.app_label}.{model.__name__}"
        for app in ("safety_walks", "community", "mediation")
        for model in apps.get_app_config(app).get_models()
    ]
    return {label: apps.get_model(label).objects.count() for label in counted}


def test_demo_loader_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert first["estates.HousingArea"] == 3
    assert first["estates.Organisation"] >= 4


def test_demo_loader_prints_the_demo_logins_and_they_work(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    from estates.demo import DEMO_PASSWORD

    assert DEMO_PASSWORD in out.getvalue()
    for username in ("medarbejder", "maegler", "maeglingsleder", "politi"):
        assert username in out.getvalue()
        assert client.login(username=username, password=DEMO_PASSWORD)
    assert client.get("/da/").status_code == 200


def test_demo_loader_refuses_outside_dev_settings(settings):
    settings.BOLIGSOCIAL_DEMO_CONTENT = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())


def test_the_demo_site_is_where_make_run_serves_so_api_links_work(client):
    call_command("load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    items = client.get("/api/v2/pages/", HTTP_HOST="127.0.0.1:8000").json()["items"]
    assert items
    assert all(item["meta"]["html_url"].startswith("http://127.0.0.1:8000/") for item in items)


def test_the_demo_grants_staff_page_rights_on_the_plugins_pages_not_the_home_page():
    call_command("load_demo", stdout=io.StringIO())
    home = Site.objects.get(is_default_site=True).root_page
    staff_pages = Page.objects.filter(group_permissions__group__name=roles.STAFF).distinct()
    # The three plugin pages in every language's tree (staff translate there too), never a home page.
    languages = len(settings.WAGTAIL_CONTENT_LANGUAGES)
    assert staff_pages.count() == 3 * languages
    assert {page.translation_key for page in staff_pages} == {
        page.translation_key for page in staff_pages.filter(locale__language_code="da")
    }
    assert all(page.get_parent().translation_key == home.translation_key for page in staff_pages)


def test_every_plugin_apps_demo_puts_its_pages_under_any_parent(home_page):
    elsewhere = home_page.add_child(instance=Page(title="Andet site", slug="andet-site"))
    install(parent=elsewhere)
    for demo in app_modules("demo"):
        if demo.__name__ != "home.demo":
            demo.load(stdout=io.StringIO(), parent=elsewhere)
    assert WalkPage.objects.descendant_of(elsewhere).exists()
    assert ActivityPage.objects.descendant_of(elsewhere).exists()
    assert not WalkPage.objects.exclude(pk__in=WalkPage.objects.descendant_of(elsewhere)).exists()
