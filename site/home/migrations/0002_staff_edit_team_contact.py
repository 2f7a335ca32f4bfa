"""The plugin's staff roles edit the host's own contact details (the plugin grants nothing on the host)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from estates.roles import STAFF_ROLES


def grant(apps, schema_editor):
    home = apps.get_app_config("home")
    home.models_module = True  # create_permissions skips historical apps without a models module
    create_permissions(home, apps=apps, verbosity=0)
    home.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="home", codename="change_teamcontact")
    for group in Group.objects.filter(name__in=STAFF_ROLES):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("estates", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
