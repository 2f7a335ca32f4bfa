# The stored feed texts as UTF-8 bytes with the years they span. They are written again by the next feed
# request, so the table is made anew rather than converted.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0010_feed_stored_events"),
    ]

    operations = [
        migrations.DeleteModel(name="StoredFeedEvent"),
        migrations.CreateModel(
            name="StoredFeedEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=12)),
                ("origin", models.CharField(max_length=255)),
                ("format", models.PositiveSmallIntegerField(default=1)),
                ("body", models.BinaryField()),
                ("first_year", models.PositiveSmallIntegerField()),
                ("last_year", models.PositiveSmallIntegerField()),
                (
                    "activity",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stored_feed_events",
                        to="community.activitypage",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("activity", "language", "origin"), name="community_feed_event_one")
                ],
            },
        ),
    ]
