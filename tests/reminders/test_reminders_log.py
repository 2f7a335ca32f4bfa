"""The reminders log in the admin: staff read what was sent to whom and when; nobody else gets in."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from estates import sweep as sweeping
from estates.models import SentReminder
from mediation.reminders import KIND as MEDIATION_FOLLOW_UP
from tests.builders import make_user
from tests.mediation.builders import make_agreement, make_case
from tests.reminders.helpers import due_reminder, source

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/reminders/"


@pytest.fixture
def sent(staff_user):
    with freeze_time("2026-12-01 08:00:00+01:00"):
        sweeping.sweep(
            sources=[
                source(due_reminder(make_user(first_name="Peter", last_name="Partner"), subject="Frist om 7 dage"))
            ]
        )
    return SentReminder.objects.get()


def test_the_log_lives_at_a_stable_admin_address():
    assert reverse("reminders:index") == LOG_URL


def test_staff_see_what_was_sent_to_whom_and_when(client, staff_user, sent):
    client.force_login(staff_user)
    response = client.get(LOG_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Frist om 7 dage" in page
    assert "Peter Partner" in page
    assert "Sendt" in page


def test_staff_can_open_one_reminder_but_not_edit_or_delete_it(client, staff_user, sent):
    client.force_login(staff_user)

    assert client.get(f"{LOG_URL}inspect/{sent.pk}/").status_code == 200
    assert client.get(f"{LOG_URL}edit/{sent.pk}/").status_code == 404
    assert client.get(f"{LOG_URL}delete/{sent.pk}/").status_code == 404
    assert client.get(f"{LOG_URL}new/").status_code == 404


def test_the_log_appears_in_the_reports_menu_for_staff_only(client, staff_user, partner_user):
    client.force_login(staff_user)
    assert LOG_URL in client.get("/admin/").content.decode()
    client.force_login(partner_user)
    assert LOG_URL not in client.get("/admin/").content.decode()


def test_a_partner_is_refused_the_log_and_each_entry(client, partner_user, sent):
    client.force_login(partner_user)

    # The partner scope middleware refuses every admin screen a partner has no business on.
    response = client.get(LOG_URL)
    assert response.status_code == 403
    assert client.get(f"{LOG_URL}inspect/{sent.pk}/").status_code == 403
    assert "Frist om 7 dage" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login(client, sent):
    response = client.get(LOG_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def sent_follow_up(mediator, *, subject: str):
    """A mediation follow-up about a real agreement of a case assigned to `mediator`, sent to them: (row, case)."""
    case = make_case(mediators=[mediator])
    agreement = make_agreement(case=case)
    reminder = due_reminder(
        mediator, kind=MEDIATION_FOLLOW_UP, subject_key=f"agreement:{agreement.pk}", subject=subject
    )
    with freeze_time("2026-12-01 08:00:00+01:00"):
        sweeping.sweep(sources=[source(reminder)])
    return SentReminder.objects.get(subject_key=reminder.subject_key), case


def test_mediation_reminders_stay_with_the_mediators_they_were_sent_to(
    client, staff_user, mediator_user, mediation_lead_user
):
    mediator, lead = mediator_user, mediation_lead_user
    row, _case = sent_follow_up(mediator, subject="Sag M-2026-7")

    client.force_login(staff_user)
    assert "M-2026-7" not in client.get(LOG_URL).content.decode()
    assert client.get(f"{LOG_URL}inspect/{row.pk}/").status_code == 404
    for reader in (mediator, lead):
        client.force_login(reader)
        assert "M-2026-7" in client.get(LOG_URL).content.decode()


def test_a_mediator_taken_off_the_case_no_longer_reads_its_reminders(client, mediator_user):
    row, case = sent_follow_up(mediator_user, subject="Sag M-2026-8")
    client.force_login(mediator_user)
    assert "M-2026-8" in client.get(LOG_URL).content.decode()

    case.mediators.set([make_user()])
    case.save()  # a ParentalManyToManyField is written when its case is saved
    assert "M-2026-8" not in client.get(LOG_URL).content.decode()
    assert client.get(f"{LOG_URL}inspect/{row.pk}/").status_code == 404


def test_other_apps_reminders_are_not_hidden_by_mediations_rule(client, staff_user, sent):
    sent_follow_up(make_user(), subject="Sag M-2026-9")

    client.force_login(staff_user)
    page = client.get(LOG_URL).content.decode()
    assert "Frist om 7 dage" in page
    assert "M-2026-9" not in page


def test_staff_can_search_the_log_by_subject_or_recipient(client, staff_user, sent):
    client.force_login(staff_user)

    assert "Frist om 7 dage" in client.get(LOG_URL, {"q": "Partner"}).content.decode()
    assert "Frist om 7 dage" not in client.get(LOG_URL, {"q": "findesikke"}).content.decode()
