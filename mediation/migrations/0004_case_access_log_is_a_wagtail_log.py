"""The case access log becomes the log-entry model Wagtail logs mediation records to (see mediation.log_actions)."""

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("mediation", "0003_grant_role_permissions"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="caseaccesslog",
            options={
                "ordering": ["-timestamp", "-pk"],
                "verbose_name": "case access log entry",
                "verbose_name_plural": "case access log",
            },
        ),
        migrations.RenameField(model_name="caseaccesslog", old_name="at", new_name="timestamp"),
        migrations.AlterField(
            model_name="caseaccesslog",
            name="timestamp",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="caseaccesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("opened", "Opened"),
                    ("changed", "Changed"),
                    ("exported", "Party data exported"),
                    ("party_erased", "Party erased"),
                    ("anonymised", "Anonymised"),
                    ("deleted", "Deleted"),
                ],
                db_index=True,
                max_length=255,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="caseaccesslog",
            name="case_reference",
            field=models.CharField(blank=True, db_index=True, max_length=20, verbose_name="case"),
        ),
        migrations.AddField(
            model_name="caseaccesslog",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="content type",
            ),
        ),
        migrations.AddField(
            model_name="caseaccesslog",
            name="object_id",
            field=models.CharField(db_index=True, default="", max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="caseaccesslog",
            name="label",
            field=models.TextField(
                default="",
                help_text="The case reference, or the name of a directory entry.",
                verbose_name="about",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="caseaccesslog",
            name="data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="caseaccesslog",
            name="uuid",
            field=models.UUIDField(
                blank=True,
                editable=False,
                help_text="Log entries that happened as part of the same user action are assigned the same UUID",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="caseaccesslog",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="wagtailcore.revision",
            ),
        ),
        migrations.AddField(
            model_name="caseaccesslog",
            name="content_changed",
            field=models.BooleanField(db_index=True, default=False),
        ),
        migrations.AddField(
            model_name="caseaccesslog",
            name="deleted",
            field=models.BooleanField(default=False),
        ),
    ]
