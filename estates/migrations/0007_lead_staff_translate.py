"""Staff may translate pages and finding categories with wagtail-localize, where the host installed it."""

from django.apps import apps as global_apps
from django.db import migrations


def grant(apps, schema_editor):
    from estates.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [("estates", "0006_mailone_address_mail")] + (
        # Its "submit_translation" permission is made by this migration of wagtail-localize.
        [("wagtail_localize", "0006_create_submit_translation_permission")]
        if global_apps.is_installed("wagtail_localize")
        else []
    )

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
