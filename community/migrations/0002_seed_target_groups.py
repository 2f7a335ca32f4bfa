"""The fixed target groups: children, young people, families, adults, elderly, all residents."""

from django.db import migrations

CODES = ["boern", "unge", "familier", "voksne", "aeldre", "alle"]


def seed(apps, schema_editor):
    TargetGroup = apps.get_model("community", "TargetGroup")
    for order, code in enumerate(CODES):
        TargetGroup.objects.update_or_create(code=code, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
