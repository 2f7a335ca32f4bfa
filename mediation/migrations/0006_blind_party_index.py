"""Every party row gets its keyed blind index (mediation.blind_index), so a person's cases are found by an
indexed match instead of decrypting every party.

Existing rows are filled here with the current MEDIATION_ENCRYPTION_KEY. A row this key (or an old key)
cannot read keeps an empty index instead of failing the migration; `manage.py rotate_mediation_key`
fills it once the right key is configured (the start-up check names unreadable data).
"""

from django.db import migrations
from django.db.models import TextField
from django.db.models.functions import Cast

import mediation.blind_index
from mediation.blind_index import digest
from mediation.encryption import UnreadableCaseData, decrypt

BATCH = 500


def _plaintext(token: str) -> str:
    return decrypt(token) if token else ""


def fill_person_index(apps, schema_editor):
    Party = apps.get_model("mediation", "Party")
    raw = Party.objects.annotate(raw_name=Cast("name", TextField()), raw_address=Cast("address", TextField()))
    last_pk = 0
    while True:
        rows = list(raw.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "raw_name", "raw_address")[:BATCH])
        if not rows:
            return
        last_pk = rows[-1][0]
        changed = []
        for pk, name, address in rows:
            try:
                changed.append(Party(pk=pk, person_index=digest(_plaintext(name), _plaintext(address))))
            except UnreadableCaseData:
                continue
        Party.objects.bulk_update(changed, ["person_index"])


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0005_medsec_access_log_actions"),
    ]

    operations = [
        migrations.AddField(
            model_name="party",
            name="person_index",
            field=mediation.blind_index.BlindIndexField(
                blank=True, db_index=True, editable=False, sources=("name", "address")
            ),
        ),
        migrations.RunPython(fill_person_index, migrations.RunPython.noop, elidable=True),
    ]
