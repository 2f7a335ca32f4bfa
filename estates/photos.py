"""Photo uploads: checked from the file's header (type, bytes, pixels) before anything is decoded, turned
upright, stripped of every kind of metadata (EXIF, GPS, camera, XMP, comments) and stored privately.

`PhotoField` is the form field every plugin form uses for a photo; `photo_store` the one service that
keeps a checked upload as an `estates.Photo` (its original and its sizes). Wagtail's image library goes
through the same cleaning (`clean_image_bytes`, wired in estates/signals.py).
"""

import io
import secrets
import warnings
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from estates.conf import setting
from estates.models.photos import ORIGINAL, SIZES, Photo, fit, rendition_extension, size_file_name

# The formats a photo may have, and the format its cleaned original is stored in.
STORED_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "PNG", "WEBP": "WEBP", "MPO": "JPEG"}
EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
JPEG_QUALITY = 85
ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


@dataclass(frozen=True)
class Header:
    format: str
    width: int
    height: int


def read_header(upload) -> Header | None:
    """The image's format and size read from its header only (Pillow decodes nothing until load()).
    None when the bytes are no image Pillow knows."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                return Header(image.format or "", image.width, image.height)
    except Image.DecompressionBombError:
        return Header("bomb", 10**6, 10**6)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    finally:
        upload.seek(0)


def max_pixels() -> int:
    return int(setting("WAGTAILIMAGES_MAX_IMAGE_PIXELS"))


class PhotoInput(forms.FileInput):
    """A file input that shows the current photo's thumbnail above it (set `current_photo`)."""

    template_name = "boligsocial/widgets/photo_input.html"
    current_photo = None

    class Media:
        css = {"all": ["boligsocial/admin/photo-input.css"]}

    def __init__(self, attrs=None):
        super().__init__({"accept": ACCEPT, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["current_photo"] = self.current_photo
        return context


class PhotoField(forms.FileField):
    """An optional photo: a JPG, PNG, GIF or WebP within the byte and pixel limits. One clear message per
    problem, in the user's language; the rest of the form keeps what was typed."""

    widget = PhotoInput

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        limit = setting("WAGTAILIMAGES_MAX_UPLOAD_SIZE")
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The photo is too big. It may be at most %(size)s.") % {"size": filesizeformat(limit)},
                code="too_big",
            )
        header = read_header(upload)
        if header is None or (header.format not in STORED_FORMAT and header.format != "bomb"):
            raise ValidationError(
                _("The file is not a photo we can use. Use a JPG, PNG, GIF or WebP image."), code="not_a_photo"
            )
        if header.format == "bomb" or header.width * header.height > max_pixels():
            raise ValidationError(
                _(
                    "The photo has too many pixels (%(width)s × %(height)s). It may have at most %(millions)s "
                    "million pixels: make it smaller, for example by sending it as a normal photo from the phone."
                )
                % {
                    "width": number_format(header.width, force_grouping=True),
                    "height": number_format(header.height, force_grouping=True),
                    "millions": number_format(max_pixels() // 1_000_000),
                },
                code="too_many_pixels",
            )
        # Within the limits it is safe to decode: a broken file is a message here, not an error on saving.
        try:
            with Image.open(upload) as image:
                image.load()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
            raise ValidationError(
                _("The photo could not be read: it may be damaged. Try another copy of it."), code="broken"
            ) from error
        finally:
            upload.seek(0)
        return upload


def upright(image: Image.Image) -> Image.Image:
    """The image turned as the camera's orientation tag says, as a copy that carries no metadata."""
    turned = ImageOps.exif_transpose(image) or image
    turned.info = {}
    return turned


def encode(image: Image.Image, image_format: str, *, icc_profile=None) -> bytes:
    """The pixels in a format, with nothing but the colour profile: Pillow writes only what it is given."""
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGBA").convert("RGB") if image.mode in ("P", "LA", "RGBA") else image.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(quality=JPEG_QUALITY)
    elif image_format == "PNG":
        options.update(optimize=False)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    if image.mode == "P":
        image = image.convert("RGBA")
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def clean_image_bytes(upload) -> tuple[bytes, str, tuple[int, int]] | None:
    """An upload's pixels, upright, re-encoded without metadata in its own format (GIF stays GIF for the
    image library), with the file extension and the new size. None when Pillow cannot read it."""
    header = read_header(upload)
    if header is None or header.format == "bomb" or header.width * header.height > max_pixels():
        return None
    with Image.open(upload) as source:
        icc = source.info.get("icc_profile")
        image_format = "JPEG" if source.format == "MPO" else source.format
        if image_format == "GIF" and getattr(source, "n_frames", 1) > 1:
            return None  # animated: re-saving frame by frame is not worth the risk; the caller keeps the bytes
        image = upright(source)
    upload.seek(0)
    if image_format not in EXTENSION:
        return None
    return encode(image, image_format, icc_profile=icc), EXTENSION[image_format], image.size


def photo_store(*, upload, uploaded_by, alt_text: str = "") -> Photo:
    """Keep an upload checked by PhotoField as a Photo: the original upright and without metadata, and one
    file per size in SIZES, under a random name in the private photo storage."""
    photo = Photo(alt_text=(alt_text or "").strip()[:250], uploaded_by=uploaded_by)
    write_photo_files(photo, upload)
    photo.full_clean(exclude=["file", "uploaded_by"])
    photo.save()
    return photo


def write_photo_files(photo, source) -> None:
    """Write the cleaned original and its sizes for a (not yet saved) photo row; also used by the
    migration that moved Wagtail-image photos over, with the historical model."""
    with Image.open(source) as opened:
        icc = opened.info.get("icc_profile")
        stored_format = STORED_FORMAT[opened.format]
        image = upright(opened)
        image.load()
    source.seek(0)
    extension = EXTENSION[stored_format]
    name = f"{secrets.token_hex(16)}.{extension}"
    photo.file.save(name, ContentFile(encode(image, stored_format, icc_profile=icc)), save=False)
    photo.width, photo.height = image.size  # after the file: assigning it resets the dimension fields
    rendition_format = "PNG" if rendition_extension(extension) == "png" else "JPEG"
    for size in SIZES:
        content = encode(resized(image, fit(photo.width, photo.height, size)), rendition_format, icc_profile=icc)
        photo.file.storage.save(size_file_name(photo.file.name, size), ContentFile(content))


def photo_delete(*, photo: Photo) -> None:
    """Delete a photo and every file of it."""
    storage = photo.file.storage
    names = photo.file_names() if photo.file.name else []
    photo.delete()
    for name in names:
        if storage.exists(name):
            storage.delete(name)


def photo_open(photo: Photo, size: str):
    """The stored file of a photo in a size, opened for reading (the serving view streams it)."""
    if size != ORIGINAL and size not in SIZES:
        raise ValueError(size)
    return photo.file.storage.open(photo.file_name(size), "rb")


def photo_delete_unreferenced(*, photo_ids=None) -> int:
    """Delete photos no row refers to any more (a replaced or removed photo, a deleted finding), with their
    files. Limited to `photo_ids` when given; returns how many were deleted."""
    photos = Photo.objects.unreferenced()
    if photo_ids is not None:
        photos = photos.filter(pk__in=photo_ids)
    count = 0
    for photo in photos:
        photo_delete(photo=photo)
        count += 1
    return count


def photo_clean_up(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete the unreferenced photos older than `older_than` (younger ones may still be on their way to
    their row); the nightly schedule and `manage.py boligsocial_photo_cleanup` call this."""
    cutoff = timezone.now() - older_than
    return photo_delete_unreferenced(
        photo_ids=list(Photo.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True))
    )
