# Photos of the plugin's working data, kept in private storage (media, issues #13/#14).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import estates.models.photos
import estates.photo_storage


class Migration(migrations.Migration):
    dependencies = [
        ("estates", "0003_sentreminder"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Photo",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "token",
                    models.CharField(
                        default=estates.models.photos.new_token, editable=False, max_length=64, unique=True
                    ),
                ),
                (
                    "file",
                    models.ImageField(
                        height_field="height",
                        max_length=255,
                        storage=estates.photo_storage.photo_storage,
                        upload_to=estates.models.photos.upload_to,
                        verbose_name="file",
                        width_field="width",
                    ),
                ),
                ("width", models.PositiveIntegerField(default=0, editable=False, verbose_name="width")),
                ("height", models.PositiveIntegerField(default=0, editable=False, verbose_name="height")),
                (
                    "alt_text",
                    models.CharField(
                        blank=True,
                        help_text="Optional: what the photo shows, for people who cannot see it.",
                        max_length=250,
                        verbose_name="description for screen readers",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="uploaded"),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "photo",
                "verbose_name_plural": "photos",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
