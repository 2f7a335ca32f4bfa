"""Grant the role groups the community app's permissions (see estates/roles.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from estates.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_seed_target_groups"),
        ("estates", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
