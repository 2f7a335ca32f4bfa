"""Serving photos and Wagtail's image files, only to those who may see them.

`serve_photo` answers a Photo's address (`boligsocial/foto/<token>/<size>/`): each app says through the
`boligsocial_photo_visibility` hook, with functions `(photo, user) -> True | False | None`, whether a user
may see a photo (True: yes; False: no, whatever others say; None: not mine). A photo anyone may see goes out
with `Cache-Control: public`, any other `private, no-store`. A foreign and a missing photo answer the same 404.

`serve_media` is the host's media route (`media/<path>`) for Wagtail's image files: public images (used on a
live public page, estates.public_images) to anyone, the others only to users with rights on the image.
"""

import mimetypes
from pathlib import PurePosixPath

from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from estates.models.photos import ORIGINAL, SIZES, Photo
from estates.photos import photo_open
from estates.public_images import image_is_public

HOOK_NAME = "boligsocial_photo_visibility"
PUBLIC_CACHE = "public, max-age=600"
PRIVATE_CACHE = "private, no-store"
IMAGE_FOLDERS = ("original_images", "images")


def may_see_photo(photo: Photo, user) -> bool:
    """True when some app says the user may see the photo and none says no."""
    answers = [fn(photo, user) for fn in hooks.get_hooks(HOOK_NAME)]
    return True in answers and False not in answers


def photo_is_public(photo: Photo) -> bool:
    return may_see_photo(photo, AnonymousUser())


def file_response(handle, name: str, *, public: bool) -> FileResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@require_safe
def serve_photo(request, token: str, size: str):
    if size != ORIGINAL and size not in SIZES:
        raise Http404
    photo = Photo.objects.filter(token=token).first()
    if photo is None:
        raise Http404
    public = photo_is_public(photo)
    if not public and not (request.user.is_authenticated and may_see_photo(photo, request.user)):
        raise Http404
    try:
        handle = photo_open(photo, size)
    except OSError as error:
        raise Http404 from error
    return file_response(handle, photo.file_name(size), public=public)


def image_for_file(path: str):
    """The Wagtail image an image-library file belongs to (its original or one of its renditions)."""
    image_model = get_image_model()
    if path.startswith("original_images/"):
        return image_model.objects.filter(file=path).first()
    rendition = image_model.get_rendition_model().objects.filter(file=path).select_related("image").first()
    return rendition.image if rendition else None


def may_see_private_image(user, image) -> bool:
    policy = policy_registry.get_by_type(get_image_model())
    return user.is_authenticated and policy.user_has_any_permission_for_instance(user, ["change", "choose"], image)


@require_safe
def serve_media(request, path: str):
    """The host's media route: Wagtail image files only (documents go through Wagtail's own view)."""
    parts = PurePosixPath(path).parts
    if len(parts) != 2 or parts[0] not in IMAGE_FOLDERS or ".." in parts:
        raise Http404
    image = image_for_file(path)
    if image is None:
        raise Http404
    public = image_is_public(image)
    if not public and not may_see_private_image(request.user, image):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except OSError as error:
        raise Http404 from error
    return file_response(handle, path, public=public)
