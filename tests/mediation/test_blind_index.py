"""A person's party rows are found through a keyed blind index: an indexed match instead of decrypting every
party, in the same number of queries however many parties there are, across a key rotation, and without
the index column telling anything to someone who has the database but not the key."""

import hashlib
import importlib
import io
import json

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mediation import encryption
from mediation.models import Case, Party
from tests.mediation.builders import make_case, make_party
from tests.mediation.test_encryption import raw_column

pytestmark = pytest.mark.django_db

NAME, ADDRESS = "Jonas Berg", "Nordparken 12, 3. th"
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def other_parties(count: int, *, start: int) -> None:
    """`count` more cases, each with two parties who are somebody else (in bulk, as a backlog would be)."""
    cases = Case.objects.bulk_create(
        Case(reference=f"M-2025-{n:04d}", channel=Case.Channel.RESIDENT) for n in range(start, start + count)
    )
    Party.objects.bulk_create(
        Party(case=case, name=f"Beboer {case.pk}-{k}", address=ADDRESS) for case in cases for k in range(2)
    )


def export(client, party) -> dict:
    response = client.post(reverse("mediation:party_export", args=[party.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


def exported_references(client, party) -> list[str]:
    return [case["reference"] for case in export(client, party)["cases"]]


@pytest.fixture
def jonas_in_two_cases(mediator_user, colleague):
    first = make_case(mediators=[mediator_user], parties=1)
    second = make_case(mediators=[colleague], parties=1)
    jonas = make_party(case=first, name=NAME, address=ADDRESS)
    make_party(case=second, name="  jonas   BERG ", address="nordparken 12,  3. TH")  # written differently
    make_party(case=second, name=NAME, address="Nordparken 14")  # a namesake elsewhere: somebody else
    return first, second, jonas


def export_cost(client, party) -> tuple[int, int, list[str]]:
    """Queries and decryptions of one export (after a first one, so caches are warm), and its cases."""
    export(client, party)
    decrypted = []
    real_decrypt = encryption.decrypt
    encryption.decrypt = lambda token: decrypted.append(token) or real_decrypt(token)
    try:
        with CaptureQueriesContext(connection) as captured:
            references = exported_references(client, party)
    finally:
        encryption.decrypt = real_decrypt
    return len(captured), len(decrypted), references


def test_the_export_costs_the_same_queries_and_decryptions_among_20_or_220_other_parties(
    client, mediation_lead_user, jonas_in_two_cases
):
    first, second, jonas = jonas_in_two_cases
    client.force_login(mediation_lead_user)
    other_parties(10, start=100)
    few_queries, few_decrypted, references = export_cost(client, jonas)
    assert references == [first.reference, second.reference]

    other_parties(100, start=200)
    many_queries, many_decrypted, references = export_cost(client, jonas)
    assert references == [first.reference, second.reference]
    assert many_queries == few_queries
    assert many_decrypted == few_decrypted  # only the person's own rows (and their cases) are decrypted


def test_the_person_data_page_lists_the_same_person_only(client, mediation_lead_user, jonas_in_two_cases):
    first, second, jonas = jonas_in_two_cases
    client.force_login(mediation_lead_user)
    html = client.get(reverse("mediation:party_data", args=[jonas.pk])).content.decode()
    assert first.reference in html and second.reference in html
    data = export(client, jonas)
    assert [case["party"]["address"] for case in data["cases"]] == [ADDRESS, "nordparken 12,  3. TH"]


def test_a_renamed_party_is_found_under_the_new_name_only(client, mediation_lead_user, jonas_in_two_cases):
    first, second, jonas = jonas_in_two_cases
    client.force_login(mediation_lead_user)
    jonas.name = "Jonas Berg-Hansen"
    jonas.save()
    assert exported_references(client, jonas) == [first.reference]


def test_the_index_column_holds_no_plaintext_and_cannot_be_computed_without_the_key(settings, jonas_in_two_cases):
    _first, second, jonas = jonas_in_two_cases
    stored = raw_column(Party, "person_index", jonas.pk)
    assert len(stored) == 64 and set(stored) <= set("0123456789abcdef")
    for word in ("jonas", "berg", "nordparken"):
        assert word not in stored.casefold()
    # Not a plain hash of what it indexes: someone with the database but not the key cannot test a guess.
    for guess in (NAME, "jonas berg", "jonas berg\x1fnordparken 12, 3. th", f"{NAME}{ADDRESS}"):
        plain_hashes = {hashlib.sha256(text.encode()).hexdigest() for text in (guess, guess.casefold())}
        assert stored not in plain_hashes
    # The same person written differently shares the digest; a namesake at another address does not.
    digests = dict(Party.objects.filter(case=second).values_list("address", "person_index"))
    assert digests["nordparken 12,  3. TH"] == stored
    assert digests["Nordparken 14"] != stored
    # Another key gives other digests: the key, not the name, decides.
    settings.MEDIATION_ENCRYPTION_KEY = KEY_A
    jonas.save()
    assert raw_column(Party, "person_index", jonas.pk) != stored


def test_key_rotation_keeps_the_index_working(settings, client, mediation_lead_user, colleague):
    settings.MEDIATION_ENCRYPTION_KEY = KEY_A
    settings.MEDIATION_OLD_ENCRYPTION_KEYS = ""
    first = make_case(parties=0)
    second = make_case(mediators=[colleague], parties=0)
    jonas = make_party(case=first, name=NAME, address=ADDRESS)
    make_party(case=second, name=NAME, address=ADDRESS)
    client.force_login(mediation_lead_user)
    written_with_a = raw_column(Party, "person_index", jonas.pk)

    # The new key, the old one still readable, rotation not yet run: the person is still found.
    settings.MEDIATION_ENCRYPTION_KEY = KEY_B
    settings.MEDIATION_OLD_ENCRYPTION_KEYS = KEY_A
    assert exported_references(client, jonas) == [first.reference, second.reference]

    out = io.StringIO()
    call_command("rotate_mediation_key", stdout=out)
    assert "recomputed 2 search digest(s)" in out.getvalue()
    assert raw_column(Party, "person_index", jonas.pk) != written_with_a

    # The old key removed: found through the digests of the new key alone.
    settings.MEDIATION_OLD_ENCRYPTION_KEYS = ""
    assert exported_references(client, jonas) == [first.reference, second.reference]
    out = io.StringIO()
    call_command("rotate_mediation_key", stdout=out)
    assert "recomputed 0 search digest(s)" in out.getvalue()


def test_the_migration_fills_the_index_of_existing_parties(client, mediation_lead_user, jonas_in_two_cases):
    first, second, jonas = jonas_in_two_cases
    stored = dict(Party.objects.values_list("pk", "person_index"))
    Party.objects.update(person_index="")  # as the rows were before migration 0006
    client.force_login(mediation_lead_user)
    assert exported_references(client, jonas) == [first.reference]  # the row itself, and no other

    migration = importlib.import_module("mediation.migrations.0006_blind_party_index")
    migration.fill_person_index(apps, None)

    assert dict(Party.objects.values_list("pk", "person_index")) == stored
    assert exported_references(client, jonas) == [first.reference, second.reference]
