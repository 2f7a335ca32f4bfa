# The outbox's mails to addresses without an account (sign-ups, resident reports, followers): one table, the
# outbox's claim, lease and retry rules (estates/outbox.py).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("estates", "0005_mail_outbox_preferences"),
    ]

    operations = [
        migrations.CreateModel(
            name="AddressMail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=100, verbose_name="kind")),
                ("subject_key", models.CharField(max_length=120, verbose_name="about")),
                ("due_on", models.DateField(verbose_name="due on")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("claimed", "Waiting to be sent"),
                            ("sent", "Sent"),
                            ("failed", "Failed, will be retried"),
                            ("withdrawn", "Not sent: turned off by the recipient"),
                        ],
                        default="claimed",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                ("subject", models.CharField(max_length=255, verbose_name="subject")),
                ("message_id", models.CharField(blank=True, editable=False, max_length=200, verbose_name="Message-ID")),
                ("claim_token", models.UUIDField(blank=True, db_index=True, editable=False, null=True)),
                ("claimed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="claimed at")),
                (
                    "next_attempt_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="next attempt at"),
                ),
                ("locked_until", models.DateTimeField(blank=True, editable=False, null=True)),
                ("last_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="last attempt at")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                ("last_error", models.CharField(blank=True, max_length=200, verbose_name="last error")),
                ("address", models.EmailField(max_length=254, verbose_name="email address")),
                ("language", models.CharField(blank=True, max_length=10, verbose_name="language of the email")),
                ("body", models.TextField(verbose_name="text of the email")),
                ("attachments", models.JSONField(blank=True, default=list, verbose_name="attached files")),
                ("unsubscribe_url", models.CharField(blank=True, max_length=500, verbose_name="unsubscribe link")),
            ],
            options={
                "verbose_name": "email to an address",
                "verbose_name_plural": "emails to addresses",
                "ordering": ["-claimed_at", "-pk"],
                "indexes": [
                    models.Index(fields=["status", "next_attempt_at"], name="estates_addressmail_retry"),
                    models.Index(fields=["subject_key"], name="estates_addressmail_about"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "subject_key", "due_on", "address"), name="estates_addressmail_unique_key"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("address", ""), _negated=True), name="estates_addressmail_has_address"
                    ),
                ],
            },
        ),
    ]
