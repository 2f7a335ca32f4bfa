"""Where photos are kept: a storage of their own, outside the publicly served MEDIA_ROOT.

A host that defines the `STORAGES` alias "boligsocial_photos" (e.g. a private S3 bucket) gets that one;
otherwise a FileSystemStorage at BOLIGSOCIAL_PRIVATE_MEDIA_ROOT (default: "private_media" next to
MEDIA_ROOT). The storage has no public URL: photos are served by estates.media.serve_photo only.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages

from estates.conf import setting

STORAGE_ALIAS = "boligsocial_photos"


def photo_storage():
    """The storage photos are written to and read from (a callable, so migrations do not record a path)."""
    try:
        return storages[STORAGE_ALIAS]
    except InvalidStorageError:
        return FileSystemStorage(location=str(private_media_root()), base_url=None)


def private_media_root() -> Path:
    """BOLIGSOCIAL_PRIVATE_MEDIA_ROOT, or "private_media" beside MEDIA_ROOT."""
    configured = setting("BOLIGSOCIAL_PRIVATE_MEDIA_ROOT")
    if configured:
        return Path(configured)
    media_root = Path(getattr(settings, "MEDIA_ROOT", "") or "media").resolve()
    return media_root.parent / "private_media"


def is_inside_media_root(path) -> bool:
    """True when the private root lies inside MEDIA_ROOT (and so would be served to anyone): a check asks."""
    media_root = getattr(settings, "MEDIA_ROOT", "")
    if not media_root:
        return False
    media, private = Path(media_root).resolve(), Path(path).resolve()
    return private == media or media in private.parents
