"""Photos attached to updates: stored as Wagtail images in a collection the plugin owns.

Wagtail's ImageForm refuses to build for a user with no collection permissions (every partner), so the
image is created here directly, after the upload passed Wagtail's own checks in `PhotoField`.
"""

import secrets
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from estates import conf
from estates.install import collection_under_root

COLLECTION_NAME = "Tryghedsvandringer – fotos"
TOO_BIG = {"file_too_large", "file_too_large_unknown_size", "file_too_many_pixels"}


class PhotoField(WagtailImageField):
    """Wagtail's image checks (type, size, pixels), the size limit read through estates.conf, and one clear
    message for each kind of problem in the user's language."""

    def clean(self, data, initial=None):
        self.max_upload_size = conf.setting("WAGTAILIMAGES_MAX_UPLOAD_SIZE")
        self.max_upload_size_text = filesizeformat(self.max_upload_size)
        try:
            return super().clean(data, initial)
        except ValidationError as error:
            if getattr(error, "code", None) in TOO_BIG:
                raise ValidationError(
                    _("The photo is too big. It may be at most %(size)s.") % {"size": self.max_upload_size_text},
                    code="too_big",
                ) from error
            raise ValidationError(
                _("The file is not a photo we can use. Use a JPG, PNG, GIF or WebP image."), code="not_a_photo"
            ) from error


def photo_store(*, upload, uploaded_by):
    """Save a checked upload as a Wagtail image in the plugin's collection, under a random file name: photos
    of internal findings must not be found by guessing "IMG_1234.jpg"."""
    title = Path(upload.name).name[:255] or _("Photo")
    upload.name = f"{secrets.token_hex(16)}{Path(upload.name).suffix.lower()}"
    image = get_image_model()(
        title=title, file=upload, collection=collection_under_root(COLLECTION_NAME), uploaded_by_user=uploaded_by
    )
    image._set_image_file_metadata()
    image.save()
    return image
