"""Seed the usual checklist of a safety walk as finding categories (staff may edit them)."""

from django.db import migrations

CHECKLIST = [
    "Belysning",
    "Beplantning og udsyn",
    "Skjulte hjørner",
    "Affald",
    "Graffiti og hærværk",
    "Vedligeholdelse",
    "Trafik og stier",
    "Samlingssteder og adfærd",
    "Andet",
]


def seed(apps, schema_editor):
    FindingCategory = apps.get_model("safety_walks", "FindingCategory")
    for order, name in enumerate(CHECKLIST, start=1):
        FindingCategory.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("safety_walks", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
