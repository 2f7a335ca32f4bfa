import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from estates import roles
from estates.access import roles_of
from tests.builders import make_organisation, make_user

pytestmark = pytest.mark.django_db


def permissions_of(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_every_role_of_the_matrix_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_every_role_can_reach_the_admin():
    for role in roles.ALL_ROLES:
        assert "wagtailadmin.access_admin" in permissions_of(role)


def test_staff_manage_housing_areas_and_organisations_but_partners_do_not():
    assert {"estates.change_housingarea", "estates.add_organisation"} <= permissions_of(roles.STAFF)
    assert not {p for p in permissions_of(roles.PARTNERS) if p.startswith("estates.")}


def test_migrations_grant_no_role_rights_on_pages_or_on_the_hosts_models():
    # Page rights come from `manage.py boligsocial_setup`, on the plugin's own pages (tests/estates/test_install.py).
    assert not GroupPagePermission.objects.filter(group__name__in=roles.ALL_ROLES).exists()
    plugin_or_wagtail = ("estates.", "safety_walks.", "community.", "mediation.", "wagtail")
    for role, names in roles.ROLE_PERMISSIONS.items():
        assert [name for name in names if not name.startswith(plugin_or_wagtail)] == [], role


def test_no_role_but_mediators_holds_a_mediation_permission():
    for role in (roles.STAFF, roles.PARTNERS):
        assert not {p for p in permissions_of(role) if p.startswith("mediation.")}


def test_role_sync_is_idempotent():
    from django.apps import apps

    before = {role: permissions_of(role) for role in roles.ALL_ROLES}
    roles.sync_role_permissions(apps)
    assert {role: permissions_of(role) for role in roles.ALL_ROLES} == before
    assert Group.objects.filter(name=roles.STAFF).count() == 1


def test_a_member_of_an_organisation_is_a_partner_of_that_organisation():
    police = make_organisation(name="Politiet")
    user = make_user(roles.PARTNERS, organisation=police)
    answer = roles_of(user)
    assert answer.is_partner
    assert answer.organisation_ids == {police.pk}
    assert not answer.is_staff_member
    assert not answer.is_mediator


def test_staff_in_the_social_housing_team_organisation_are_staff_not_partners():
    team = make_organisation(name="Boligsocialt team")
    answer = roles_of(make_user(roles.STAFF, organisation=team))
    assert answer.is_staff_member
    assert not answer.is_partner


def test_mediation_leads_are_mediators_and_superusers_are_not():
    assert roles_of(make_user(roles.MEDIATION_LEADS)).is_mediator
    superuser = make_user(is_superuser=True)
    assert roles_of(superuser).is_staff_member
    assert not roles_of(superuser).is_mediator


def test_roles_are_read_once_per_user_object(django_assert_num_queries):
    user = make_user(roles.STAFF)
    with django_assert_num_queries(1):
        first = roles_of(user)
        again = roles_of(user)
    assert first.is_staff_member and again is first


def test_anonymous_and_inactive_users_have_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert not roles_of(AnonymousUser()).is_staff_member
    assert not roles_of(make_user(roles.STAFF, is_active=False)).is_staff_member
