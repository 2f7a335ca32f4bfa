"""Narrative fields are ciphertext in the database, and a wrong key fails loudly instead of showing it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from mediation.checks import encryption_key_is_usable
from mediation.encryption import UnreadableCaseData
from mediation.models import Agreement, Case, Meeting, Party, Referral
from tests.mediation.builders import make_agreement, make_case, make_meeting, make_party, make_referral
from tests.mediation.conftest import PLANTED

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def raw_column(model, column: str, pk: int) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_database_holds_ciphertext_of_every_narrative_field(mediator_user):
    case = make_case(mediators=[mediator_user], description=PLANTED, parties=0)
    party = make_party(case=case, name=PLANTED, address=PLANTED, contact=PLANTED, role=PLANTED)
    meeting = make_meeting(case=case, participants=PLANTED, notes=PLANTED)
    agreement = make_agreement(case=case, text=PLANTED)
    referral = make_referral(case=case, purpose=PLANTED, consent_given_by=PLANTED, consent_scope=PLANTED)
    columns = [
        (Case, "description", case.pk),
        *[(Party, column, party.pk) for column in ("name", "address", "contact", "role")],
        (Meeting, "participants", meeting.pk),
        (Meeting, "notes", meeting.pk),
        (Agreement, "text", agreement.pk),
        *[(Referral, column, referral.pk) for column in ("purpose", "consent_given_by", "consent_scope")],
    ]
    key = Fernet(django_settings.MEDIATION_ENCRYPTION_KEY)
    for model, column, pk in columns:
        stored = raw_column(model, column, pk)
        assert PLANTED not in stored, (model, column)
        assert key.decrypt(stored.encode()).decode() == PLANTED, (model, column)
    # ...and the application reads it back as text.
    assert Case.objects.get(pk=case.pk).description == PLANTED
    assert Party.objects.values_list("name", flat=True).get(pk=party.pk) == PLANTED


def test_the_same_text_is_stored_differently_each_time(mediator_user):
    first = make_case(mediators=[mediator_user], description=PLANTED)
    second = make_case(mediators=[mediator_user], description=PLANTED)
    assert raw_column(Case, "description", first.pk) != raw_column(Case, "description", second.pk)


def test_empty_fields_stay_empty(mediator_user):
    case = make_case(mediators=[mediator_user], description="")
    assert raw_column(Case, "description", case.pk) == ""
    assert Case.objects.get(pk=case.pk).description == ""


def test_a_wrong_key_fails_loudly_and_never_returns_ciphertext(settings, mediator_user):
    case = make_case(mediators=[mediator_user], description=PLANTED)
    settings.MEDIATION_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(UnreadableCaseData) as error:
        Case.objects.get(pk=case.pk)
    message = str(error.value)
    assert "MEDIATION_ENCRYPTION_KEY" in message
    assert raw_column(Case, "description", case.pk) not in message
    assert PLANTED not in message


def test_a_wrong_key_shows_the_error_page_not_the_ciphertext(client, settings, mediator_user):
    case = make_case(mediators=[mediator_user], description=PLANTED)
    stored = raw_column(Case, "description", case.pk)
    settings.MEDIATION_ENCRYPTION_KEY = Fernet.generate_key().decode()
    client.raise_request_exception = False
    client.force_login(mediator_user)
    response = client.get(reverse("mediation_case_modeladmin_inspect", args=[case.pk]))
    assert response.status_code == 500
    html = response.content.decode()
    assert stored not in html and stored[:20] not in html
    assert PLANTED not in html


def test_a_malformed_key_is_reported_by_the_system_check(settings):
    settings.MEDIATION_ENCRYPTION_KEY = "not-a-fernet-key"
    errors = encryption_key_is_usable(None)
    assert [error.id for error in errors] == ["mediation.E001"]
    settings.MEDIATION_ENCRYPTION_KEY = Fernet.generate_key().decode()
    assert encryption_key_is_usable(None) == []


def run_production_check(**environment):
    unwanted = ("DATABASE_URL", "REDIS_URL", "MEDIATION_ENCRYPTION_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "p" * 60,
            "ALLOWED_HOSTS": "tryghed.example",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("key", ["", "the laptop default"])
def test_production_refuses_to_start_without_its_own_encryption_key(key):
    if key == "the laptop default":
        key = django_settings.MEDIATION_DEV_ENCRYPTION_KEY
    result = run_production_check(**({"MEDIATION_ENCRYPTION_KEY": key} if key else {}))
    assert result.returncode != 0
    assert "MEDIATION_ENCRYPTION_KEY must be set" in result.stderr


def test_production_starts_with_an_encryption_key_and_rejects_a_malformed_one():
    assert run_production_check(MEDIATION_ENCRYPTION_KEY=Fernet.generate_key().decode()).returncode == 0
    malformed = run_production_check(MEDIATION_ENCRYPTION_KEY="too-short")
    assert malformed.returncode != 0
    assert "mediation.E001" in malformed.stderr + malformed.stdout
