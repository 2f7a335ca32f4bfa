# Photos of findings and updates move from Wagtail's image library to estates.Photo (private storage,
# no metadata); update photos get `photo_public` (off: until now residents never saw them). Media, #13/#14.

import django.db.models.deletion
from django.core.files.storage import default_storage
from django.db import migrations, models, transaction

from estates.photos import write_photo_files

# The collection the plugin stored partner photos in (safety_walks/photos.py before this migration):
# its images were working photos only, so they are removed with their renditions once moved.
OLD_COLLECTION = "Tryghedsvandringer – fotos"


def move_photo(Photo, image, moved):
    if image.pk in moved:
        return moved[image.pk]
    photo = Photo(uploaded_by_id=image.uploaded_by_user_id, alt_text="")
    try:
        with image.file.open("rb") as source:
            write_photo_files(photo, source)
    except (OSError, KeyError, ValueError):
        moved[image.pk] = None  # a missing or unreadable file: the row loses its photo
        return None
    photo.save()
    moved[image.pk] = photo
    return photo


def forwards(apps, schema_editor):
    Photo = apps.get_model("estates", "Photo")
    Finding = apps.get_model("safety_walks", "Finding")
    FindingUpdate = apps.get_model("safety_walks", "FindingUpdate")
    moved = {}
    for model in (Finding, FindingUpdate):
        for row in model.objects.filter(photo__isnull=False).select_related("photo", "photo__collection"):
            row.new_photo = move_photo(Photo, row.photo, moved)
            row.save(update_fields=["new_photo"])
    for image_id, photo in moved.items():
        image = apps.get_model("wagtailimages", "Image").objects.select_related("collection").get(pk=image_id)
        if photo is None or image.collection.name != OLD_COLLECTION:
            continue  # not moved, or a library image staff picked: it stays (served by estates.media)
        names = [rendition.file.name for rendition in image.renditions.all()] + [image.file.name]
        image.delete()
        # Files go only once the rows are gone for good: a failed migration leaves the old photos whole.
        transaction.on_commit(lambda names=names: [default_storage.delete(name) for name in names])


class Migration(migrations.Migration):
    dependencies = [
        ("estates", "0004_media_photo"),
        ("safety_walks", "0005_walkplan_planned_walks_and_meetings"),
        ("wagtailimages", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="new_photo",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="estates.photo",
            ),
        ),
        migrations.AddField(
            model_name="findingupdate",
            name="new_photo",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="estates.photo",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="finding", name="photo"),
        migrations.RemoveField(model_name="findingupdate", name="photo"),
        migrations.RenameField(model_name="finding", old_name="new_photo", new_name="photo"),
        migrations.RenameField(model_name="findingupdate", old_name="new_photo", new_name="photo"),
        migrations.AlterField(
            model_name="finding",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="estates.photo",
                verbose_name="photo",
            ),
        ),
        migrations.AlterField(
            model_name="findingupdate",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="estates.photo",
                verbose_name="photo",
            ),
        ),
        migrations.AddField(
            model_name="findingupdate",
            name="photo_public",
            field=models.BooleanField(
                default=False,
                help_text="The photo is shown on the walk page when the finding is public.",
                verbose_name="show the photo to residents",
            ),
        ),
    ]
