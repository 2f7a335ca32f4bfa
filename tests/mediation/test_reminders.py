"""Agreement follow-ups remind the case's own mediators, naming the case reference and nothing else."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation
from freezegun import freeze_time

from estates import roles
from estates.sweep import sweep
from mediation.models import Agreement, Case
from mediation.reminders import KIND, due_reminders
from tests.builders import make_user
from tests.mediation.builders import make_agreement, make_case, make_party
from tests.mediation.conftest import PLANTED

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture
def followed_up_case(mediator_user, colleague):
    case = make_case(mediators=[mediator_user, colleague], description=PLANTED)
    make_party(case=case, name="Jonas Berg")
    make_agreement(case=case, text=PLANTED, follow_up_on=date(2026, 3, 12))
    return case


@freeze_time("2026-03-10 08:00")
def test_each_mediator_of_the_case_is_reminded_of_a_follow_up(followed_up_case, mediator_user, colleague):
    make_user(roles.MEDIATION_LEADS)  # a lead not on the case gets nothing
    reminders = list(due_reminders(TODAY))
    assert sorted(r.recipient_id for r in reminders) == sorted([mediator_user.pk, colleague.pk])
    agreement = followed_up_case.agreements.get()
    for reminder in reminders:
        assert reminder.kind == KIND
        assert reminder.subject_key == f"agreement:{agreement.pk}"
        assert reminder.due_on == date(2026, 3, 12)
        assert reminder.url.endswith(f"/admin/mediation/case/inspect/{followed_up_case.pk}/")


@freeze_time("2026-03-10 08:00")
def test_a_reminder_names_the_reference_and_nothing_else(followed_up_case):
    reminder = next(iter(due_reminders(TODAY)))
    with translation.override("da"):
        subject = str(reminder.subject)
        body = render_to_string(reminder.body_template, reminder.context)
    assert subject == f"Opfølgning på en aftale i sag {followed_up_case.reference}"
    assert followed_up_case.reference in body
    assert set(reminder.context) == {"reference", "follow_up_on"}
    for secret in (PLANTED, "Jonas Berg"):
        assert secret not in subject + body + str(reminder.context) + reminder.url


def test_follow_ups_are_reminded_from_three_days_ahead_until_the_day(followed_up_case):
    for today, expected in [
        (date(2026, 3, 8), 0),
        (date(2026, 3, 9), 2),
        (date(2026, 3, 12), 2),
        (date(2026, 3, 13), 0),
    ]:
        with freeze_time(today):
            assert len(list(due_reminders(today))) == expected, today


@freeze_time("2026-03-10 08:00")
def test_no_reminder_for_kept_agreements_closed_cases_or_inactive_mediators(followed_up_case, mediator_user, colleague):
    Agreement.objects.update(kept=Agreement.Kept.KEPT)
    assert list(due_reminders(TODAY)) == []
    Agreement.objects.update(kept=Agreement.Kept.NOT_YET_KNOWN)
    colleague.is_active = False
    colleague.save()
    assert [r.recipient_id for r in due_reminders(TODAY)] == [mediator_user.pk]
    Case.objects.update(status=Case.Status.CLOSED, outcome=Case.Outcome.RESOLVED, closed_on=TODAY)
    assert list(due_reminders(TODAY)) == []


@freeze_time("2026-03-10 08:00")
def test_the_reminder_email_sent_by_the_sweep_names_only_the_reference(followed_up_case, mediator_user):
    sweep(today=TODAY, sources=[due_reminders])
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        text = message.subject + message.body
        assert followed_up_case.reference in text
        assert "12. marts 2026" in message.body
        assert PLANTED not in text and "Jonas Berg" not in text


@freeze_time("2026-03-10 08:00")
def test_a_mediator_taken_out_of_the_mediation_role_is_no_longer_reminded(followed_up_case, mediator_user, colleague):
    colleague.groups.remove(Group.objects.get(name=roles.MEDIATORS))  # still assigned to the case, no longer a mediator

    assert [r.recipient_id for r in due_reminders(TODAY)] == [mediator_user.pk]
    sweep(today=TODAY, sources=[due_reminders])
    assert [message.to for message in mail.outbox] == [[mediator_user.email]]


@freeze_time("2026-03-10 08:00")
def test_the_reminder_link_starts_with_the_sites_base_url(followed_up_case, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://boligsocial.example"
    reminder = next(iter(due_reminders(TODAY)))
    assert reminder.url == f"https://boligsocial.example/admin/mediation/case/inspect/{followed_up_case.pk}/"
