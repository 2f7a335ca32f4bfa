"""Photos of the plugin's working data (findings, updates, later resident reports): private files.

A photo lives in a storage of its own, never under the publicly served MEDIA_ROOT, under a random name.
It is served only through `estates.media.serve_photo`, which asks the `boligsocial_photo_visibility` hook
who may see it. Every file (the original and its sizes) is stored without metadata (estates/photos.py).
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estates.photo_storage import photo_storage

# The sizes a photo is served in: the longest side fits within the number of pixels. "original" is the
# stored original (already stripped of metadata and turned upright).
SIZES = {"thumb": 480, "large": 1600}
ORIGINAL = "original"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def upload_to(instance, filename: str) -> str:
    return f"photos/{filename}"


def fit(width: int, height: int, size: str) -> tuple[int, int]:
    """The dimensions of the photo in a size: scaled down to fit the size's box, never up."""
    if size == ORIGINAL:
        return width, height
    longest = SIZES[size]
    scale = min(1.0, longest / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


class PhotoQuerySet(models.QuerySet):
    def unreferenced(self):
        """Photos no row of any model refers to (every foreign key to Photo is asked, whichever app owns it)."""
        photos = self
        for relation in self.model._meta.get_fields(include_hidden=True):
            if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one):
                used = relation.related_model._base_manager.exclude(**{relation.field.attname: None})
                photos = photos.exclude(pk__in=used.values(relation.field.attname))
        return photos


class Photo(models.Model):
    """One photo: its original file plus a file per size in SIZES, all in the private photo storage."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    file = models.ImageField(
        _("file"),
        storage=photo_storage,
        upload_to=upload_to,
        width_field="width",
        height_field="height",
        max_length=255,
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("description for screen readers"),
        max_length=250,
        blank=True,
        help_text=_("Optional: what the photo shows, for people who cannot see it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt_text or _("Photo %(number)s") % {"number": self.pk}

    def url(self, size: str = "large") -> str:
        """The address of the photo in a size ("thumb", "large" or "original"), through the serving view."""
        return reverse("boligsocial:photo", kwargs={"token": self.token, "size": size})

    def dimensions(self, size: str) -> tuple[int, int]:
        return fit(self.width, self.height, size)

    def file_name(self, size: str) -> str:
        """The stored file of a size: beside the original, `<name>.<size>.<ext>`."""
        return size_file_name(self.file.name, size)

    def file_names(self) -> list[str]:
        return [self.file_name(ORIGINAL), *(self.file_name(size) for size in SIZES)]


def size_file_name(original_name: str, size: str) -> str:
    if size == ORIGINAL:
        return original_name
    stem, _dot, extension = original_name.rpartition(".")
    return f"{stem}.{size}.{rendition_extension(extension)}"


def rendition_extension(original_extension: str) -> str:
    """Sizes are JPEG, except for PNG originals (they may be transparent, drawings or screenshots)."""
    return "png" if original_extension == "png" else "jpg"
