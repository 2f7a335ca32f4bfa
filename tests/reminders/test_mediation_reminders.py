"""Mediation reminders go through the same sweep and mail, and carry the case reference and nothing else."""

from datetime import date

import pytest
from django.core import mail
from freezegun import freeze_time

from estates import sweep as sweeping
from estates.models import SentReminder
from mediation import reminders as mediation_reminders
from tests.mediation.builders import make_agreement, make_case, make_party

pytestmark = pytest.mark.django_db

SECRETS = ("Hashen i kælderen", "Jonas Berg", "Stille efter kl. 22 og ingen trusler")


@freeze_time("2026-03-10 08:00:00+01:00")
def test_a_mediation_reminder_names_the_case_reference_and_nothing_confidential(client, mediator_user, staff_user):
    case = make_case(mediators=[mediator_user], description=SECRETS[0])
    make_party(case=case, name=SECRETS[1])
    make_agreement(case=case, text=SECRETS[2], follow_up_on=date(2026, 3, 12))

    result = sweeping.sweep(sources=[mediation_reminders.due_reminders])

    assert result.claimed == 1
    (email,) = mail.outbox
    assert email.to == [mediator_user.email]
    assert case.reference in email.subject
    assert case.reference in email.body
    row = SentReminder.objects.get()
    stored = " ".join([row.subject, row.body_template, str(row.context), row.url, row.subject_key, row.last_error])
    for secret in SECRETS:
        assert secret not in email.subject
        assert secret not in email.body
        assert secret not in stored
    # Staff outside mediation do not even see that the reminder exists.
    client.force_login(staff_user)
    assert case.reference not in client.get("/admin/reminders/").content.decode()
