"""Each user chooses new items, deadline reminders and the weekly digest separately, on a Danish panel of
Wagtail's account settings that partners reach; every sender reads the choices in one place."""

import pytest
from django.core import mail
from freezegun import freeze_time

from estates import roles
from estates import sweep as sweeping
from estates.models import MailCategory, MailPreferences, SentReminder
from estates.preferences import preferences_set, recipients_wanting
from tests.builders import make_organisation, make_user
from tests.reminders.helpers import due_reminder, source

pytestmark = pytest.mark.django_db

ACCOUNT = "/admin/account/"


@pytest.fixture
def officer(db):
    police = make_organisation(name="Politiet")
    return make_user(roles.PARTNERS, organisation=police, first_name="Per", email="per@politi.example")


def test_a_partner_sees_three_separate_danish_choices_in_account_settings(client, officer):
    client.force_login(officer)
    response = client.get(ACCOUNT)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Mails fra det boligsociale team" in html
    for label in (
        "Send mig mails om nye opgaver",
        "Send mig påmindelser om frister",
        "Send mig det ugentlige overblik",
    ):
        assert label in html
    assert html.count('name="boligsocial_mail-') == 3


def test_a_partner_turns_off_the_digest_only_and_keeps_the_rest(client, officer):
    client.force_login(officer)
    response = client.post(
        ACCOUNT,
        {
            "boligsocial_mail-new_items": "on",
            "boligsocial_mail-reminders": "on",
            # the digest box left unticked
            "name_email-first_name": "Per",
            "name_email-last_name": "Hansen",
            "name_email-email": "per@politi.example",
            "locale-preferred_language": "da",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    choices = MailPreferences.objects.get(user=officer)
    assert (choices.new_items, choices.reminders, choices.digest) == (True, True, False)
    assert client.get(ACCOUNT).status_code == 200


@freeze_time("2026-12-01 08:00:00+01:00")
def test_the_sweep_sends_reminders_but_not_the_digest_to_who_turned_the_digest_off(officer):
    preferences_set(user=officer, digest=False)
    reminder = due_reminder(officer, subject_key="responsibility:1", subject="Frist")
    digest = due_reminder(officer, subject_key="digest:2026-W49", subject="Overblik", category=MailCategory.DIGEST)

    sweeping.sweep(sources=[source(reminder, digest)])

    assert [m.subject for m in mail.outbox] == ["Frist"]
    assert SentReminder.objects.count() == 1


@freeze_time("2026-12-01 08:00:00+01:00")
def test_a_choice_made_after_the_claim_is_still_honoured_when_sending(officer):
    sweeping.sweep(sources=[source(due_reminder(officer))], enqueue=lambda ids: None)
    preferences_set(user=officer, reminders=False)
    with freeze_time("2026-12-01 08:16:00+01:00"):
        sweeping.sweep(sources=[source(due_reminder(officer, subject_key="other"))])

    assert mail.outbox == []


def test_a_user_without_saved_choices_gets_everything_and_service_mail_is_never_off(officer):
    other = make_user(email="o@example.org")
    preferences_set(user=other, new_items=False, reminders=False, digest=False)
    everyone = {officer.pk, other.pk}

    assert recipients_wanting(MailCategory.NEW_ITEMS, everyone) == {officer.pk}
    assert recipients_wanting(MailCategory.SERVICE, everyone) == everyone


def test_an_unknown_kind_of_mail_cannot_be_turned_off(officer):
    with pytest.raises(ValueError):
        preferences_set(user=officer, service=False)
