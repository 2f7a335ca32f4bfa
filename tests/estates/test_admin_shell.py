"""The admin's sidebar kept per user and language (estates.admin_shell): the same JSON Wagtail renders, and
never older than the last change to what a menu shows."""

import json
import re
from pathlib import Path

import pytest
import wagtail.admin
from django.contrib.auth.models import Group, Permission
from django.template import Context, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

import estates
from estates import roles
from estates.admin_shell import VERSION_KEY
from estates.models import Membership
from safety_walks.wagtail_hooks import MY_ITEMS_MENU_NAME
from tests.builders import make_organisation, make_user

SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)
WAGTAILS_TAG = Template("{% load wagtailadmin_tags %}{% sidebar_props %}")
PLUGINS_TAG = Template("{% load boligsocial_admin_shell %}{% cached_sidebar_props %}")


@pytest.fixture(autouse=True)
def _menu_cache_on(settings):
    settings.BOLIGSOCIAL_ADMIN_MENU_CACHE_SECONDS = 300


def _render(template, user, language="da") -> str:
    request = RequestFactory().get(reverse("wagtailadmin_home"))
    request.user = user
    with translation.override(language):
        return template.render(Context({"request": request}))


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _sidebar_of(client, user, path=None) -> str:
    client.force_login(user)
    response = client.get(path or reverse("wagtailadmin_home"))
    assert response.status_code == 200
    (props,) = SIDEBAR.findall(response.content.decode())
    return props


def _names(props: str) -> set[str]:
    """Every menu item name in the sidebar's JSON (submenus included)."""
    names = set()

    def walk(node):
        if isinstance(node, dict):
            # telepath packs a menu item as {"_type": "wagtail.sidebar.LinkMenuItem", "_args": [{"name": ...}]}
            if str(node.get("_type", "")).endswith("MenuItem"):
                name = node["_args"][0]["name"]
                names.add(name if isinstance(name, str) else name.get("_val"))  # a repeated string is packed once
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    assert names  # the walk found the menu
    return names


def _wagtails_json(user, language="da") -> str:
    (props,) = SIDEBAR.findall(_render(WAGTAILS_TAG, user, language))
    return props


def test_the_plugins_base_html_is_wagtails_with_only_the_sidebar_tag_replaced():
    """A Wagtail upgrade that changes wagtailadmin/base.html fails here: copy its new text and replace the tag."""
    wagtails = (Path(wagtail.admin.__file__).parent / "templates" / "wagtailadmin" / "base.html").read_text()
    plugins = (Path(estates.__file__).parent / "templates" / "wagtailadmin" / "base.html").read_text()
    load = "{% load wagtailadmin_tags wagtailcore_tags i18n %}"
    assert wagtails.count(load) == 1 and wagtails.count("{% sidebar_props %}") == 1
    expected = wagtails.replace(load, load[:-3] + " boligsocial_admin_shell %}").replace(
        "{% sidebar_props %}", "{% cached_sidebar_props %}"
    )
    assert plugins == expected


def test_the_plugins_base_html_wins_over_wagtails():
    """The plugin's apps come before wagtail.admin in INSTALLED_APPS (the README's snippet puts them there)."""
    origin = get_template("wagtailadmin/base.html").origin.name
    assert Path(origin) == Path(estates.__file__).parent / "templates" / "wagtailadmin" / "base.html"


def test_every_role_gets_the_json_wagtail_renders(client, staff_user, partner_user, mediation_lead_user):
    superuser = make_user(is_superuser=True)
    for user in (staff_user, partner_user, mediation_lead_user, superuser):
        wagtails = _wagtails_json(user)
        assert _sidebar_of(client, user) == wagtails  # rendered and stored
        assert _sidebar_of(client, user) == wagtails  # from the cache
        assert _render(PLUGINS_TAG, user) == _render(WAGTAILS_TAG, user)


def test_a_kept_sidebar_costs_no_query(staff_user, django_assert_num_queries):
    first = _render(PLUGINS_TAG, staff_user)
    user = _fresh(staff_user)  # a new request's user object: no roles or permissions read yet
    with django_assert_num_queries(0):
        assert _render(PLUGINS_TAG, user) == first


def test_an_admin_screen_makes_fewer_queries_with_the_sidebar_kept(client, staff_user, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = reverse("wagtailadmin_account")
    _sidebar_of(client, staff_user, path)
    with CaptureQueriesContext(connection) as kept:
        _sidebar_of(client, staff_user, path)
    settings.BOLIGSOCIAL_ADMIN_MENU_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as built:
        _sidebar_of(client, staff_user, path)
    assert len(kept) < len(built)


def test_zero_seconds_switches_the_cache_off(staff_user, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.BOLIGSOCIAL_ADMIN_MENU_CACHE_SECONDS = 0
    first = _render(PLUGINS_TAG, staff_user)
    user = _fresh(staff_user)
    with CaptureQueriesContext(connection) as again:
        assert _render(PLUGINS_TAG, user) == first
    assert len(again) > 0  # built again from the database


def test_a_user_added_to_a_group_sees_the_new_menu_on_the_next_request(client, partner_user):
    before = _sidebar_of(client, partner_user)
    assert "person-data" not in _names(before)  # a partner's menu
    partner_user.groups.add(Group.objects.get(name=roles.STAFF))
    after = _sidebar_of(client, partner_user)
    assert "person-data" in _names(after)
    assert after == _wagtails_json(partner_user)

    partner_user.groups.remove(Group.objects.get(name=roles.STAFF))
    assert "person-data" not in _names(_sidebar_of(client, partner_user))


def test_a_groups_new_permission_shows_on_the_next_request(client, staff_user):
    assert "users" not in _names(_sidebar_of(client, staff_user))
    Group.objects.get(name=roles.STAFF).permissions.add(Permission.objects.get(codename="change_user"))
    after = _sidebar_of(client, staff_user)
    assert "users" in _names(after)
    assert after == _wagtails_json(staff_user)


def test_an_organisation_membership_shows_my_items_on_the_next_request(client, db):
    partner = make_user(roles.PARTNERS)  # a partner whose organisation is not yet registered
    assert MY_ITEMS_MENU_NAME not in _names(_sidebar_of(client, partner))
    Membership.objects.create(organisation=make_organisation(name="Politiet"), user=partner)
    assert MY_ITEMS_MENU_NAME in _names(_sidebar_of(client, partner))


def test_a_partner_never_gets_a_staff_members_menu(client, staff_user, partner_user):
    staffs = _sidebar_of(client, staff_user)
    assert "person-data" in _names(staffs)
    partners = _sidebar_of(client, partner_user)
    assert "person-data" not in _names(partners)
    assert partners == _wagtails_json(partner_user)


def test_each_language_has_its_own_menu(staff_user):
    danish = _render(PLUGINS_TAG, staff_user, "da")
    english = _render(PLUGINS_TAG, staff_user, "en")
    assert danish != english
    assert english == _render(WAGTAILS_TAG, staff_user, "en")
    assert danish == _render(WAGTAILS_TAG, staff_user, "da")
    assert _render(PLUGINS_TAG, staff_user, "da") == danish


def test_a_renamed_user_sees_their_new_name(client, staff_user):
    _sidebar_of(client, staff_user)
    staff_user.first_name = "Birgitte"
    staff_user.save()
    assert '"Birgitte"' in _sidebar_of(client, staff_user)


def test_a_hosts_branding_template_extending_wagtails_still_works(client, staff_user, settings, tmp_path):
    """Wagtail's documented way to brand the admin: a host's wagtailadmin/base.html that extends the same name."""
    branded = tmp_path / "wagtailadmin" / "base.html"
    branded.parent.mkdir()
    branded.write_text('{% extends "wagtailadmin/base.html" %}{% block branding_logo %}<b>Vores logo</b>{% endblock %}')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    client.force_login(staff_user)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "<b>Vores logo</b>" in content
    (props,) = SIDEBAR.findall(content)
    assert props == _wagtails_json(staff_user)


def test_a_dismissed_help_item_shows_dismissed_on_the_next_request(client, staff_user):
    before = _sidebar_of(client, staff_user)
    assert "data-w-dismissible-dismissed-value" not in before
    response = client.patch(
        reverse("wagtailadmin_dismissibles"), json.dumps({"whats-new-in-wagtail-8.0": True}), "application/json"
    )
    assert response.status_code == 200
    after = _sidebar_of(client, staff_user)
    assert "data-w-dismissible-dismissed-value" in after
    assert after == _wagtails_json(staff_user)


def test_a_page_permission_shows_the_page_explorer_on_the_next_request(client, staff_user, home_page):
    from wagtail.models import GroupPagePermission

    assert "explorer" not in _names(_sidebar_of(client, staff_user))
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=roles.STAFF),
        page=home_page,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"),
    )
    after = _sidebar_of(client, staff_user)
    assert "explorer" in _names(after)
    assert after == _wagtails_json(staff_user)


def test_a_menu_read_before_the_change_commits_is_not_kept(client, partner_user, django_capture_on_commit_callbacks):
    """Another request can read the old groups after the change bumped the version but before its commit."""
    from django.core.cache import cache

    from estates.admin_shell import _entry_key

    old = _sidebar_of(client, partner_user)
    with django_capture_on_commit_callbacks(execute=True):
        partner_user.groups.add(Group.objects.get(name=roles.STAFF))
        with translation.override("da"):
            cache.set(_entry_key(partner_user), (cache.get(VERSION_KEY), old), 300)  # what that request kept
    after = _sidebar_of(client, partner_user)
    assert "person-data" in _names(after)
    assert after == _wagtails_json(partner_user)


def test_a_user_changed_behind_the_signals_is_not_given_the_old_users_menu(client, staff_user):
    """A database restored under a running cache: the same id may now be someone else."""
    assert '"staff"' in _sidebar_of(client, staff_user)
    type(staff_user).objects.filter(pk=staff_user.pk).update(username="nyt-navn")  # no signal
    staff_user.refresh_from_db()
    after = _sidebar_of(client, staff_user)
    assert '"nyt-navn"' in after
    assert after == _wagtails_json(staff_user)


def test_a_changed_setting_replaces_the_version_without_touching_the_database(settings):
    """Settings menus read (WAGTAIL_WORKFLOW_ENABLED, ...) change in tests, some of which have no database
    (this one has none)."""
    from django.core.cache import cache

    before = cache.get(VERSION_KEY)
    settings.WAGTAIL_WORKFLOW_ENABLED = False
    assert cache.get(VERSION_KEY) not in (None, before)
