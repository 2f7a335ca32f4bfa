"""Grant the mediation permissions of the role matrix (see estates/roles.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from estates.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0002_conflict_types"),
        ("estates", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
