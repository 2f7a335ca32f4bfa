"""Images that must not be listed publicly (photos of internal findings, partners' working photos).

Wagtail's images API lists every image. An app whose working data holds photos registers a function
with the `boligsocial_private_images` hook returning a Q object that matches its private images.
"""

from wagtail import hooks
from wagtail.images import get_image_model

HOOK_NAME = "boligsocial_private_images"


def public_images():
    images = get_image_model().objects.all()
    for fn in hooks.get_hooks(HOOK_NAME):
        images = images.exclude(fn())
    return images
