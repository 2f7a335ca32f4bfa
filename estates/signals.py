"""Wagtail's image library: an uploaded image loses its metadata (EXIF, GPS, camera, XMP, comments) and
its camera name ("IMG_4711.jpg") before it is stored; the photo is turned upright first."""

import io
import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db.models.signals import pre_save
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from estates.photos import clean_image_bytes


def clean_image_upload(sender, instance, **kwargs) -> None:
    upload = instance.file
    if not upload or getattr(upload, "_committed", True):
        return  # no new file on this save
    suffix = PurePath(upload.name).suffix.lower()
    cleaned = clean_image_bytes(upload)
    if cleaned is None:
        # Not an image we can re-encode (an animated GIF, say): it keeps its pixels but not its name.
        upload.name = f"{secrets.token_hex(16)}{suffix}"
        return
    content, extension, (width, height) = cleaned
    instance.file = ContentFile(content, name=f"{secrets.token_hex(16)}.{extension}")
    instance.width, instance.height = width, height
    instance.file_size = len(content)
    instance.file_hash = hash_filelike(io.BytesIO(content))


def connect() -> None:
    pre_save.connect(clean_image_upload, sender=get_image_model(), dispatch_uid="boligsocial_clean_image_upload")
