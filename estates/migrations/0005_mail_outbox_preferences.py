# The outbox (every mail through SentReminder, with its category and Message-ID) and users' email choices.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("estates", "0004_media_photo"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="sentreminder",
            name="category",
            field=models.CharField(
                choices=[
                    ("new_items", "New items"),
                    ("reminders", "Deadline reminders"),
                    ("digest", "Weekly digest"),
                    ("service", "Service email"),
                ],
                default="reminders",
                max_length=16,
                verbose_name="kind of email",
            ),
        ),
        migrations.AddField(
            model_name="sentreminder",
            name="message_id",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="Message-ID"),
        ),
        migrations.AlterField(
            model_name="sentreminder",
            name="status",
            field=models.CharField(
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
        migrations.CreateModel(
            name="MailPreferences",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "new_items",
                    models.BooleanField(
                        default=True,
                        help_text="An email when your organisation is given a new item.",
                        verbose_name="emails about new items",
                    ),
                ),
                (
                    "reminders",
                    models.BooleanField(
                        default=True,
                        help_text="A reminder before a deadline or a meeting, and when a deadline has passed.",
                        verbose_name="deadline reminders",
                    ),
                ),
                (
                    "digest",
                    models.BooleanField(
                        default=True,
                        help_text="One email a week with the items that are past their deadline or have had no news.",
                        verbose_name="weekly digest",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mail_preferences",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={"verbose_name": "email preferences", "verbose_name_plural": "email preferences"},
        ),
    ]
