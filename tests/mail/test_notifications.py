"""A "new item" mail for the same responsibility, organisation, day and member goes out once, however many
times the signal fires or the task runs."""

import pytest
from django.core import mail

from estates import roles
from estates.models import SentReminder
from estates.preferences import preferences_set
from safety_walks import tasks
from safety_walks.models import Responsibility
from safety_walks.notifications import notify_responsibility_placed
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(db):
    return make_organisation(name="Politiet")


@pytest.fixture
def officer(police):
    return make_user(roles.PARTNERS, organisation=police, first_name="Per", email="per@politi.example")


def test_placing_an_item_mails_each_member_once_with_a_stable_message_id(police, officer):
    finding = make_finding(
        make_walk(title="Vandring i Syd"), title="Mørk tunnel", responsibilities=[(police, RS.PLACED, 30)]
    )
    (message,) = mail.outbox
    assert message.subject == "Ny opgave til Politiet: Mørk tunnel"
    assert f"/admin/safety-walks/finding/{finding.pk}/update/" in message.body
    row = SentReminder.objects.get(kind="safety_walks.responsibility_placed")
    assert message.extra_headers["Message-ID"] == row.message_id


def test_the_signal_firing_twice_and_the_task_retried_send_nothing_more(police, officer):
    finding = make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])
    responsibility = Responsibility.objects.get(finding=finding)
    assert len(mail.outbox) == 1

    notify_responsibility_placed(responsibility)  # the signal again
    tasks.send_responsibility_placed(responsibility.pk)  # an old queued task, run twice
    tasks.send_responsibility_placed(responsibility.pk)

    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(kind="safety_walks.responsibility_placed").count() == 1


def test_moving_the_item_to_another_organisation_is_a_new_event(police, officer):
    municipality = make_organisation(name="Kommunen")
    clerk = make_user(roles.PARTNERS, organisation=municipality, email="kim@kommune.example")
    finding = make_finding(make_walk(), responsibilities=[(municipality, RS.PLACED, 30)])
    responsibility = Responsibility.objects.get(finding=finding)
    responsibility.organisation = police
    responsibility.save()
    responsibility.save()

    assert [m.to for m in mail.outbox] == [[clerk.email], [officer.email]]


def test_a_member_who_turned_new_items_off_gets_none(police, officer):
    preferences_set(user=officer, new_items=False)
    make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])

    assert mail.outbox == []
