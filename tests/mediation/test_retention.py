"""A closed case is anonymised when its retention period has run out: parties and narrative go, figures stay."""

import logging
from datetime import date

import pytest
from django_q.models import Schedule
from django_q.tasks import async_task, result
from freezegun import freeze_time

from estates.schedules import setup_schedules
from mediation import services
from mediation.models import Agreement, Case, CaseAccessLog, Meeting, Party, Referral
from tests.builders import make_area
from tests.mediation.builders import make_agreement, make_case, make_meeting, make_referral
from tests.mediation.conftest import PLANTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(mediator_user):
    case = make_case(
        mediators=[mediator_user],
        description=PLANTED,
        area=make_area(name="Nordparken"),
        conflict_types=("noise", "pets"),
        intake_date=date(2023, 11, 1),
        status=Case.Status.CLOSED,
        outcome=Case.Outcome.RESOLVED,
        closed_on=date(2024, 1, 15),
    )
    make_meeting(case=case, notes=PLANTED, participants="Jonas Berg og Familien Holm")
    make_agreement(case=case, text=PLANTED)
    make_referral(case=case, purpose=PLANTED, consent_given_by="Jonas Berg", consent_scope=PLANTED)
    return case


def test_a_closed_case_is_kept_until_its_retention_period_has_run_out(closed_case):
    with freeze_time("2026-01-14 12:00"):
        assert services.anonymise_expired_cases() == []
    closed_case.refresh_from_db()
    assert closed_case.anonymised_at is None
    assert closed_case.description == PLANTED
    assert closed_case.parties.count() == 2


def test_a_closed_case_is_anonymised_on_the_day_its_retention_period_ends(closed_case, caplog):
    with freeze_time("2026-01-15 02:15"), caplog.at_level(logging.INFO, logger="boligsocial"):
        assert services.anonymise_expired_cases() == [closed_case.reference]

    case = Case.objects.get(pk=closed_case.pk)
    assert case.anonymised_at is not None
    assert case.description == ""
    assert not Party.objects.filter(case=case).exists()
    assert list(Meeting.objects.filter(case=case).values_list("participants", "notes")) == [("", "")]
    assert list(Agreement.objects.filter(case=case).values_list("text", flat=True)) == [""]
    assert list(Referral.objects.filter(case=case).values_list("purpose", "consent_given_by", "consent_scope")) == [
        ("", "", "")
    ]
    # What the statistics count is kept.
    assert (case.area.name, case.status, case.outcome, case.intake_date, case.closed_on) == (
        "Nordparken",
        Case.Status.CLOSED,
        Case.Outcome.RESOLVED,
        date(2023, 11, 1),
        date(2024, 1, 15),
    )
    assert sorted(case.conflict_types.values_list("code", flat=True)) == ["noise", "pets"]
    # Logged: a row in the case's access log, and a line without personal data.
    assert CaseAccessLog.objects.filter(case=case, action="anonymised", user=None, user_name="system").exists()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert closed_case.reference in logged
    assert PLANTED not in logged and "Jonas Berg" not in logged


def test_open_cases_are_never_anonymised(mediator_user):
    case = make_case(mediators=[mediator_user], description=PLANTED, intake_date=date(2020, 1, 1))
    with freeze_time("2026-06-01"):
        assert services.anonymise_expired_cases() == []
    case.refresh_from_db()
    assert case.description == PLANTED


def test_the_retention_period_is_configurable(settings, closed_case):
    settings.MEDIATION_RETENTION_MONTHS = 6
    with freeze_time("2024-07-14"):
        assert services.anonymise_expired_cases() == []
    with freeze_time("2024-07-15"):
        assert services.anonymise_expired_cases() == [closed_case.reference]


def test_an_anonymised_case_is_not_anonymised_twice(closed_case):
    with freeze_time("2026-02-01"):
        services.anonymise_expired_cases()
        assert services.anonymise_expired_cases() == []
    assert CaseAccessLog.objects.filter(action="anonymised").count() == 1


def test_the_retention_run_is_a_daily_django_q_schedule_that_works(closed_case):
    setup_schedules()
    schedule = Schedule.objects.get(name="mediation-retention")
    assert (schedule.func, schedule.schedule_type) == ("mediation.tasks.anonymise_expired_cases", Schedule.DAILY)
    with freeze_time("2026-02-01"):
        task_id = async_task(schedule.func)  # sync in the test settings: runs now, through django-q2
    assert result(task_id) == 1
    assert Case.objects.get(pk=closed_case.pk).anonymised_at is not None
