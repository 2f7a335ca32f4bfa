"""Create the role groups of the permission matrix and grant what exists so far (see estates/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from estates.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("estates", "0001_initial"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
