"""Mediation roles are granted by a mediation lead only; every grant is logged and mailed to the leads.

A superuser is not a mediation lead: making themselves one (or anyone a mediator) in Wagtail's user forms or
with the "Assign role" bulk action is refused with a Danish message, and any other code path inside a request
is refused at the model. The first lead of a new installation is granted with a management command.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from estates import roles
from mediation import grants
from mediation.models import CaseAccessLog
from tests.builders import make_user
from tests.mediation.admin_forms import form_data
from tests.mediation.builders import make_case
from tests.mediation.conftest import PLANTED

pytestmark = pytest.mark.django_db

REFUSED = "Kun en mæglingsleder kan give nogen rollen som mægler eller mæglingsleder."


def group(name) -> Group:
    return Group.objects.get(name=name)


def edit_url(user) -> str:
    return reverse("wagtailusers_users:edit", args=[user.pk])


def bulk_assign_url(user) -> str:
    return reverse("wagtail_bulk_action", args=("auth", "user", "assign_role")) + f"?id={user.pk}&next=/admin/users/"


def grants_logged(**filters):
    return CaseAccessLog.objects.filter(action=CaseAccessLog.Action.ROLE_GRANTED, **filters)


@pytest.fixture
def lead_with_user_rights(db):
    """A mediation lead who may also manage users (Wagtail's user screens need that right; the role alone
    does not give it)."""
    return make_user(roles.STAFF, roles.MEDIATION_LEADS, username="leder", is_superuser=True, is_staff=True)


@pytest.fixture
def other_lead(db):
    return make_user(roles.STAFF, roles.MEDIATION_LEADS, username="leder2", email="leder2@example.org")


def test_a_superuser_cannot_make_themselves_mediation_lead_in_the_user_form(client, superuser, other_lead):
    make_case(description=PLANTED)
    client.force_login(superuser)
    url = edit_url(superuser)
    data = form_data(client, url)
    data.setlist("groups", [str(group(roles.MEDIATION_LEADS).pk)])
    data.update({"first_name": "Skrevet", "last_name": "Selv"})
    mail.outbox.clear()

    response = client.post(url, data)

    assert response.status_code == 200  # the form again, not a 500
    page = response.content.decode()
    assert REFUSED in page
    assert 'value="Skrevet"' in page  # what was typed is kept
    assert not superuser.groups.filter(name__in=roles.MEDIATION_ROLES).exists()
    assert not grants_logged(object_id=str(superuser.pk)).exists()
    assert mail.outbox == []
    # ...and so the cases stay closed to them.
    assert PLANTED not in client.get(reverse("mediation_case_modeladmin_index")).content.decode()


def test_a_superuser_cannot_create_a_mediator(client, superuser):
    client.force_login(superuser)
    url = reverse("wagtailusers_users:add")
    data = form_data(client, url)
    data.update({"username": "nymaegler", "email": "ny@example.org", "first_name": "Ny", "last_name": "Mægler"})
    data.update({"password1": "Hemmelig-kode-123", "password2": "Hemmelig-kode-123"})
    data.setlist("groups", [str(group(roles.MEDIATORS).pk)])
    response = client.post(url, data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not Group.objects.get(name=roles.MEDIATORS).user_set.filter(username="nymaegler").exists()


def test_a_lead_grants_the_mediator_role_and_it_is_logged_and_mailed_to_every_lead(
    client, lead_with_user_rights, other_lead, staff_user
):
    mediation_lead_user = lead_with_user_rights
    client.force_login(mediation_lead_user)
    url = edit_url(staff_user)
    data = form_data(client, url)
    data.setlist("groups", [str(group(roles.STAFF).pk), str(group(roles.MEDIATORS).pk)])
    data.update({"first_name": "Sara", "last_name": "Medarbejder"})
    mail.outbox.clear()

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    assert staff_user.groups.filter(name=roles.MEDIATORS).exists()
    entry = grants_logged(object_id=str(staff_user.pk)).get()
    assert entry.user == mediation_lead_user and entry.user_name == mediation_lead_user.username
    assert entry.label == f"{roles.MEDIATORS}: {staff_user.username}"
    assert entry.case is None
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([mediation_lead_user.email, other_lead.email])
    body = mail.outbox[0].body
    assert staff_user.username in body and mediation_lead_user.username in body and roles.MEDIATORS in body
    # The lead reads the grant in the access log.
    log = client.get(reverse("mediation_caseaccesslog_modeladmin_index")).content.decode()
    assert f"{roles.MEDIATORS}: {staff_user.username}" in log


def test_the_assign_role_bulk_action_is_refused_to_a_superuser_for_a_mediation_role(client, superuser, staff_user):
    client.force_login(superuser)
    url = (
        reverse("wagtail_bulk_action", args=("auth", "user", "assign_role")) + f"?id={staff_user.pk}&next=/admin/users/"
    )
    response = client.post(url, {"role": group(roles.MEDIATION_LEADS).pk}, follow=True)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not staff_user.groups.filter(name=roles.MEDIATION_LEADS).exists()
    # Another role is assigned as usual.
    client.post(url, {"role": group(roles.PARTNERS).pk})
    assert staff_user.groups.filter(name=roles.PARTNERS).exists()


def test_the_assign_role_bulk_action_by_a_lead_is_logged(client, lead_with_user_rights, staff_user):
    mediation_lead_user = lead_with_user_rights
    client.force_login(mediation_lead_user)
    url = (
        reverse("wagtail_bulk_action", args=("auth", "user", "assign_role")) + f"?id={staff_user.pk}&next=/admin/users/"
    )
    assert client.post(url, {"role": group(roles.MEDIATORS).pk}).status_code == 302
    assert staff_user.groups.filter(name=roles.MEDIATORS).exists()
    assert grants_logged(object_id=str(staff_user.pk), user=mediation_lead_user).exists()


def refused(change) -> bool:
    try:
        with transaction.atomic():
            change()
    except grants.RoleGrantRefused:
        return True
    return False


def test_any_code_path_inside_a_request_is_refused_unless_a_lead_acts(superuser, mediation_lead_user, staff_user):
    def rename_staff_group_to_leads():
        renamed = group(roles.STAFF)
        renamed.name = roles.MEDIATION_LEADS
        renamed.save()  # naming a group after a role grants it to its members

    grants.request_started()
    try:
        assert refused(lambda: staff_user.groups.add(group(roles.MEDIATION_LEADS)))  # no one named as acting
        with grants.acting_as(mediation_lead_user):
            staff_user.groups.add(group(roles.MEDIATORS))
        assert grants_logged(object_id=str(staff_user.pk), user=mediation_lead_user).exists()
        with grants.acting_as(superuser):
            assert refused(lambda: group(roles.MEDIATORS).user_set.add(superuser))  # from the group's side
            assert refused(rename_staff_group_to_leads)
            group(roles.MEDIATION_LEADS).delete()
            assert refused(lambda: Group.objects.create(name=roles.MEDIATION_LEADS))
        assert not superuser.groups.filter(name__in=roles.MEDIATION_ROLES).exists()
        assert not Group.objects.filter(name=roles.MEDIATION_LEADS).exists()
    finally:
        grants.request_finished()
    # Outside a request (data loading, the shell) a grant is allowed, and logged as the system's.
    staff_user.groups.add(group(roles.STAFF))
    superuser.groups.add(group(roles.MEDIATORS))
    assert grants_logged(object_id=str(superuser.pk), user=None, user_name="system").exists()


def test_the_first_lead_is_granted_by_a_command_logged_and_mailed(db):
    first = make_user(roles.STAFF, username="forste", email="forste@example.org")
    out = io.StringIO()
    mail.outbox.clear()
    call_command("grant_mediation_role", "forste", "--lead", stdout=out)
    assert first.groups.filter(name=roles.MEDIATION_LEADS).exists()
    entry = grants_logged(object_id=str(first.pk)).get()
    assert entry.user is None and entry.user_name == grants.COMMAND
    assert [message.to for message in mail.outbox] == [["forste@example.org"]]
    # Run again: nothing to do, nothing logged twice.
    call_command("grant_mediation_role", "forste", "--lead", stdout=out)
    assert grants_logged(object_id=str(first.pk)).count() == 1
    with pytest.raises(Exception, match="ingen|No user"):
        call_command("grant_mediation_role", "findes-ikke", stdout=out)


def test_a_removed_role_is_logged(mediation_lead_user, mediator_user):
    with grants.acting_as(mediation_lead_user):
        mediator_user.groups.remove(group(roles.MEDIATORS))
    entry = CaseAccessLog.objects.get(action=CaseAccessLog.Action.ROLE_REMOVED, object_id=str(mediator_user.pk))
    assert entry.label == f"{roles.MEDIATORS}: {mediator_user.username}" and entry.user == mediation_lead_user


def test_renaming_a_group_to_a_mediation_role_in_the_group_form_is_refused_to_a_superuser(client, superuser):
    staff_group = group(roles.STAFF)
    superuser.groups.add(staff_group)
    group(roles.MEDIATION_LEADS).delete()  # even with the role's group gone, its name cannot be taken
    client.force_login(superuser)
    client.raise_request_exception = False
    url = reverse("wagtailusers_groups:edit", args=[staff_group.pk])
    data = form_data(client, url)
    data["name"] = roles.MEDIATION_LEADS
    response = client.post(url, data)
    assert response.status_code in (302, 403)  # refused, not a 500
    assert group(roles.STAFF).name == roles.STAFF
