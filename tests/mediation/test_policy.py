"""The permission policy: roles decide, superusers are not exempt, and the outreach directory is the leads'."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from estates import roles
from estates.access import forget_roles
from mediation import policy
from mediation.models import Case, OutreachContact
from tests.mediation.builders import make_case, make_outreach_contact, make_referral

pytestmark = pytest.mark.django_db


def test_mediators_see_their_cases_leads_all_and_everyone_else_none(
    mediator_user, colleague, mediation_lead_user, staff_user, partner_user, superuser
):
    mine, theirs = make_case(mediators=[mediator_user]), make_case(mediators=[colleague])
    assert list(Case.objects.visible_to(mediator_user)) == [mine]
    assert set(Case.objects.visible_to(mediation_lead_user)) == {mine, theirs}
    for outsider in (staff_user, partner_user, superuser):
        assert not Case.objects.visible_to(outsider).exists()
        assert not policy.can_open(outsider, mine)
        assert not policy.can_use_mediation(outsider)
    assert policy.can_open(mediator_user, mine) and not policy.can_open(mediator_user, theirs)


def test_a_superuser_who_is_also_a_mediator_sees_only_their_assigned_cases(superuser, colleague):
    superuser.groups.add(Group.objects.get(name=roles.MEDIATORS))
    forget_roles(superuser)
    mine, theirs = make_case(mediators=[superuser]), make_case(mediators=[colleague])
    assert list(Case.objects.visible_to(superuser)) == [mine]
    assert not policy.can_open(superuser, theirs)


def test_a_mediator_whose_role_lacks_the_permission_is_refused(mediator_user):
    case = make_case(mediators=[mediator_user])
    Group.objects.get(name=roles.MEDIATORS).permissions.remove(Permission.objects.get(codename="view_case"))
    mediator_user = type(mediator_user).objects.get(pk=mediator_user.pk)  # fresh permission cache
    assert not policy.can_use_mediation(mediator_user)
    assert not policy.can_open(mediator_user, case)


def test_mediators_read_the_outreach_directory_and_leads_keep_it(client, mediator_user, mediation_lead_user):
    make_outreach_contact(name="Hanne Sørensen")
    index = reverse("mediation_outreachcontact_modeladmin_index")
    create = reverse("mediation_outreachcontact_modeladmin_create")
    data = {
        "name": "Kasper Lund",
        "field_of_work": "addiction",
        "unit": "",
        "phone": "",
        "email": "",
        "is_active": "on",
    }

    client.force_login(mediator_user)
    assert "Hanne Sørensen" in client.get(index).content.decode()
    assert client.post(create, data).status_code == 302
    assert not OutreachContact.objects.filter(name="Kasper Lund").exists()

    client.force_login(mediation_lead_user)
    assert client.post(create, data).status_code == 302
    assert OutreachContact.objects.filter(name="Kasper Lund").exists()


def test_an_outreach_worker_with_referrals_cannot_be_deleted(client, mediation_lead_user, mediator_user):
    contact = make_outreach_contact(name="Hanne Sørensen")
    make_referral(case=make_case(mediators=[mediator_user]), outreach_contact=contact)
    client.force_login(mediation_lead_user)
    response = client.post(reverse("mediation_outreachcontact_modeladmin_delete", args=[contact.pk]))
    assert response.status_code == 200  # the page explains what still refers to the contact
    assert OutreachContact.objects.filter(pk=contact.pk).exists()


def test_a_case_listed_for_its_reader_is_asked_about_without_a_query_and_for_no_one_else(
    django_assert_num_queries, mediator_user, colleague
):
    make_case(mediators=[mediator_user])
    (listed,) = Case.objects.visible_to(mediator_user)
    with django_assert_num_queries(0):
        assert policy.can_open(mediator_user, listed)
        assert policy.can_edit(mediator_user, listed)
    assert not policy.can_open(colleague, listed)  # read for someone else: asked again, and refused
