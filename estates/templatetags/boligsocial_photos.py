"""`{% photo_img photo "thumb" alt="..." %}`: a photo's <img> through the serving view, with its size."""

from django import template
from django.utils.html import format_html, format_html_join

from estates.models.photos import ORIGINAL, SIZES

register = template.Library()


@register.simple_tag
def photo_img(photo, size: str = "thumb", alt=None, **attrs):
    """An <img> of the photo in a size ("thumb" fits 480 px, "large" 1600 px); alt defaults to the photo's
    description. Nothing when there is no photo."""
    if not photo:
        return ""
    if size != ORIGINAL and size not in SIZES:
        raise template.TemplateSyntaxError(f"photo_img: unknown size {size!r}")
    width, height = photo.dimensions(size)
    extra = format_html_join("", ' {}="{}"', ((name.replace("_", "-"), value) for name, value in attrs.items()))
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async"{}>',
        photo.url(size),
        width,
        height,
        photo.alt_text if alt is None else alt,
        extra,
    )
