"""The roles every admin request asks for (estates.access.roles_of): read in one query, never another user's,
and read afresh for the next request after a change of groups or organisations."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from estates import roles
from estates.access import roles_of
from estates.models import Membership
from tests.builders import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_several_groups_and_organisations_are_read_in_one_query(django_assert_num_queries):
    police, housing = make_organisation(name="Politiet"), make_organisation(name="Boligselskabet")
    user = make_user(roles.PARTNERS, roles.STAFF, organisation=police)
    Membership.objects.create(organisation=housing, user=user)
    make_user(roles.MEDIATORS, organisation=make_organisation(name="Andre"))  # someone else's rows stay theirs
    with django_assert_num_queries(1):
        answer = roles_of(user)
    assert answer.groups == {roles.PARTNERS, roles.STAFF}
    assert answer.organisation_ids == {police.pk, housing.pk}


def test_a_user_without_groups_or_organisations_has_no_role():
    answer = roles_of(make_user())
    assert answer.groups == frozenset() and answer.organisation_ids == frozenset()
    assert not answer.is_staff_member and not answer.is_partner


def test_a_partner_with_an_organisation_but_no_group_is_a_partner():
    police = make_organisation(name="Politiet")
    answer = roles_of(make_user(organisation=police))
    assert answer.groups == frozenset() and answer.organisation_ids == {police.pk}
    assert answer.is_partner


def test_a_change_of_groups_is_seen_by_the_next_request(client):
    """The roles are kept on the request's user object only: the next request reads them again."""
    police = make_organisation(name="Politiet")
    user = make_user(roles.PARTNERS, organisation=police)
    client.force_login(user)
    organisations = reverse("wagtailsnippets_estates_organisation:list")
    assert client.get(organisations).status_code == 403  # a partner may not open the organisations
    user.groups.set(Group.objects.filter(name=roles.STAFF))
    assert client.get(organisations).status_code == 200  # staff now, from the very next request
    user.groups.set(Group.objects.filter(name=roles.PARTNERS))
    assert client.get(organisations).status_code == 403


def test_one_users_roles_never_answer_for_another(client):
    partner = make_user(roles.PARTNERS, organisation=make_organisation(name="Politiet"))
    staff = make_user(roles.STAFF)
    organisations = reverse("wagtailsnippets_estates_organisation:list")
    client.force_login(staff)
    assert client.get(organisations).status_code == 200
    client.force_login(partner)
    assert client.get(organisations).status_code == 403
    client.force_login(staff)
    assert client.get(organisations).status_code == 200


def test_a_lazy_request_user_answers_as_the_user_behind_it(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import SimpleLazyObject

    user = make_user(roles.MEDIATORS)
    lazy = SimpleLazyObject(lambda: SimpleLazyObject(lambda: user))  # the second factor wraps request.user twice
    with django_assert_num_queries(1):
        assert roles_of(lazy).is_mediator
        assert roles_of(lazy) is roles_of(user)
    assert roles_of(SimpleLazyObject(AnonymousUser)) is roles_of(AnonymousUser())
    assert not roles_of(SimpleLazyObject(AnonymousUser)).is_staff_member
