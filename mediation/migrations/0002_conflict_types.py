"""The fixed list of conflict types that cases are counted by."""

from django.db import migrations

CODES = ["noise", "harassment", "shared_spaces", "children", "pets", "waste", "parking", "other"]


def create_conflict_types(apps, schema_editor):
    ConflictType = apps.get_model("mediation", "ConflictType")
    for order, code in enumerate(CODES, start=1):
        ConflictType.objects.update_or_create(code=code, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [migrations.RunPython(create_conflict_types, migrations.RunPython.noop)]
