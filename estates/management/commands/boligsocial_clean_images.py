"""Strip the metadata (EXIF, GPS, camera, XMP, comments) from images already in Wagtail's library, under new
random names: uploads are cleaned since this version (estates/signals.py), older ones by running this once."""

import secrets

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from estates.photos import clean_image_bytes


class Command(BaseCommand):
    help = "Strip metadata from every image in Wagtail's library and give it a random file name."

    def handle(self, *args, **options):
        cleaned = 0
        for image in get_image_model().objects.all().iterator():
            if self.clean(image):
                cleaned += 1
        self.stdout.write(f"{cleaned} image(s) cleaned.")

    @staticmethod
    def clean(image) -> bool:
        try:
            with image.open_file() as source:
                result = clean_image_bytes(source)
        except OSError:
            return False  # a missing file: nothing to clean
        if result is None:
            return False
        content, extension, (width, height) = result
        old_name, storage = image.file.name, image.file.storage
        with transaction.atomic():
            image.renditions.all().delete()  # made again from the clean original when next asked for
            image.file.save(f"{secrets.token_hex(16)}.{extension}", ContentFile(content), save=False)
            if (width, height) != (image.width, image.height):
                image.set_focal_point(None)  # the photo turned: the old focal point no longer fits
            image.width, image.height, image.file_size = width, height, len(content)
            image.file_hash = hash_filelike(ContentFile(content))
            image.save()
        storage.delete(old_name)
        return True
