"""Key care: a new MEDIATION_ENCRYPTION_KEY with the old one kept readable, a command that re-encrypts every
value with the new key, and a start-up check that names a key that does not read the stored data."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from mediation.checks import encryption_key_is_usable, encryption_keys_read_the_stored_data
from mediation.models import Case, Party
from tests.mediation.builders import make_agreement, make_case, make_meeting, make_referral
from tests.mediation.conftest import PLANTED
from tests.mediation.test_encryption import raw_column

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def rotate(**options) -> str:
    out = io.StringIO()
    call_command("rotate_mediation_key", stdout=out, **options)
    return out.getvalue()


def database_check() -> list[str]:
    return [error.id for error in encryption_keys_read_the_stored_data(None, databases=["default"])]


@pytest.fixture
def written_with_key_a(settings, mediator_user):
    settings.MEDIATION_ENCRYPTION_KEY = KEY_A
    settings.MEDIATION_OLD_ENCRYPTION_KEYS = ""
    cases = [make_case(mediators=[mediator_user], description=f"{PLANTED} {n}") for n in range(3)]
    make_meeting(case=cases[0], notes=PLANTED)
    make_agreement(case=cases[0], text=PLANTED)
    make_referral(case=cases[1], purpose=PLANTED)
    return cases


def test_a_new_key_with_the_old_one_kept_reads_everything_then_rotation_frees_the_old_key(settings, written_with_key_a):
    case = written_with_key_a[0]
    before = raw_column(Case, "description", case.pk)
    assert Fernet(KEY_A).decrypt(before.encode()).decode() == f"{PLANTED} 0"

    # The new key, the old one kept readable: everything reads, and what is written now uses the new key.
    settings.MEDIATION_ENCRYPTION_KEY = KEY_B
    settings.MEDIATION_OLD_ENCRYPTION_KEYS = f" {KEY_A} ,"
    assert Case.objects.get(pk=case.pk).description == f"{PLANTED} 0"
    assert encryption_key_is_usable(None) == [] and database_check() == []
    new_case = make_case(description="Skrevet med den nye nøgle")
    assert Fernet(KEY_B).decrypt(raw_column(Case, "description", new_case.pk).encode())

    output = rotate(batch_size=2)  # more batches than one, to cross a batch border
    values_per_case = 1 + 2 * 4  # a description, and two parties of four fields each
    old_values = 3 * values_per_case + 2 + 1 + 3  # + meeting (participants, notes), agreement, referral (3)
    assert f"Re-encrypted {old_values} value(s)" in output, output
    assert "mediation.Party: 24" in output
    after = raw_column(Case, "description", case.pk)
    assert after != before
    assert Fernet(KEY_B).decrypt(after.encode()).decode() == f"{PLANTED} 0"

    # Idempotent: a second run finds nothing to do.
    assert f"Re-encrypted 0 value(s) with the current key; {old_values + values_per_case} already" in rotate()

    # The old key removed: still readable, and the start-up check is content.
    settings.MEDIATION_OLD_ENCRYPTION_KEYS = ""
    assert Case.objects.get(pk=case.pk).description == f"{PLANTED} 0"
    assert sorted(Party.objects.filter(case=case).values_list("address", flat=True)) == ["Opgang 1", "Opgang 2"]
    assert database_check() == []


def test_a_wrong_key_alone_is_named_by_the_database_check_and_by_manage_py_check(settings, written_with_key_a):
    settings.MEDIATION_ENCRYPTION_KEY = KEY_B  # the key A that wrote the data is gone
    assert database_check() == ["mediation.E002"]
    message = encryption_keys_read_the_stored_data(None, databases=["default"])[0].msg
    assert "mediation.Case.description" in message and "MEDIATION_OLD_ENCRYPTION_KEYS" in message
    assert PLANTED not in message
    with pytest.raises(SystemCheckError, match="mediation.E002"):
        call_command("check", "--database", "default", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("check", stdout=io.StringIO())  # without --database the database is not read
    # The rotation refuses rather than guess, and says what to do.
    with pytest.raises(CommandError, match="MEDIATION_OLD_ENCRYPTION_KEYS"):
        rotate()


def test_a_malformed_old_key_is_reported(settings):
    settings.MEDIATION_OLD_ENCRYPTION_KEYS = "not-a-key"
    errors = encryption_key_is_usable(None)
    assert [error.id for error in errors] == ["mediation.E001"]
    assert "MEDIATION_OLD_ENCRYPTION_KEYS" in errors[0].msg
