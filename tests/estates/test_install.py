"""`manage.py boligsocial_setup`: the plugin's pages under the host's home page, and the staff roles' rights
on those pages and the plugin's image collection only, never on the host's own pages."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from community.models import CalendarPage
from estates import roles
from estates.install import install, plugin_collection
from mediation.models import MediationStatisticsPage
from safety_walks.models import WalkIndexPage
from tests.builders import make_user
from tests.safety_walks.builders import make_walk

pytestmark = pytest.mark.django_db


def setup(*args) -> str:
    out = io.StringIO()
    call_command("boligsocial_setup", *args, stdout=out)
    return out.getvalue()


def test_no_role_has_rights_on_any_page_or_collection_before_setup():
    assert not GroupPagePermission.objects.filter(group__name__in=roles.ALL_ROLES).exists()
    assert not GroupCollectionPermission.objects.filter(group__name__in=roles.ALL_ROLES).exists()


def test_setup_creates_the_three_pages_under_the_default_sites_home_page_in_danish(home_page):
    output = setup()
    for model, title in (
        (WalkIndexPage, "Tryghedsvandringer"),
        (CalendarPage, "Aktiviteter"),
        (MediationStatisticsPage, "Mæglingsstatistik"),
    ):
        page = model.objects.child_of(home_page).get()
        assert page.title == title
        assert page.live and page.show_in_menus
        assert title in output


def test_setup_is_idempotent(home_page):
    setup()
    pages, page_rights, collection_rights = (
        Page.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    )
    setup()
    assert (Page.objects.count(), GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count()) == (
        pages,
        page_rights,
        collection_rights,
    )


def test_staff_get_page_rights_on_the_plugins_pages_only(home_page):
    setup()
    staff_pages = set(GroupPagePermission.objects.filter(group__name=roles.STAFF).values_list("page_id", flat=True))
    assert staff_pages == {
        WalkIndexPage.objects.get().pk,
        CalendarPage.objects.get().pk,
        MediationStatisticsPage.objects.get().pk,
    }
    staff_page_permissions = set(
        GroupPagePermission.objects.filter(group__name=roles.STAFF).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= staff_page_permissions
    assert not GroupPagePermission.objects.filter(group__name=roles.PARTNERS).exists()


def test_staff_may_edit_a_walk_page_but_not_the_hosts_home_page(client, home_page):
    setup()
    walk = make_walk(title="Vandring i Nord")
    client.force_login(make_user(roles.STAFF))

    assert client.get(f"/admin/pages/{walk.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{home_page.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/home/homepage/{Page.get_first_root_node().pk}/").status_code in (302, 403)


def test_staff_use_the_plugins_collection_not_the_root_collection(home_page):
    setup()
    collection = plugin_collection()
    assert collection.name == "Tryghedsvandringer"
    staff_collections = set(
        GroupCollectionPermission.objects.filter(group__name=roles.STAFF).values_list("collection_id", flat=True)
    )
    assert staff_collections == {collection.pk}
    assert Collection.get_first_root_node().pk not in staff_collections


def test_setup_under_another_parent_page(home_page):
    other = home_page.add_child(instance=Page(title="Boligsocialt", slug="boligsocialt"))
    setup("--parent", str(other.pk))
    assert WalkIndexPage.objects.child_of(other).exists()
    assert not WalkIndexPage.objects.child_of(home_page).exists()


def test_setup_refuses_an_unknown_parent_page(home_page):
    with pytest.raises(CommandError, match="99999"):
        setup("--parent", "99999")


def test_install_keeps_a_section_page_the_host_already_has(home_page):
    existing = home_page.add_child(instance=WalkIndexPage(title="Vores vandringer", slug="vandringer"))
    install(parent=home_page)
    assert list(WalkIndexPage.objects.values_list("pk", flat=True)) == [existing.pk]
    assert GroupPagePermission.objects.filter(group__name=roles.STAFF, page=existing).exists()
