"""Which Wagtail images are public: those used on a live page anyone may read, or in a site setting.

Wagtail's ReferenceIndex knows where every image is used. An image nobody uses publicly (a photo picked for
an internal finding, a draft's picture, a collection under a view restriction) is private: its files are
served only to users with rights on it (estates.media), and the images API does not list it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex


def _setting_content_type_ids() -> list[int]:
    models = [
        model
        for model in ReferenceIndex.tracked_models | ReferenceIndex.indexed_models
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting))
    ]
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()] if models else []


def public_page_ids():
    """Ids of live pages without a view restriction, as text (ReferenceIndex keeps object ids as text)."""
    return Page.objects.live().public().annotate(text_id=Cast("pk", CharField())).values("text_id")


def public_references():
    """ReferenceIndex rows of objects that are public: live public pages, site settings."""
    page_type = ContentType.objects.get_for_model(Page)
    from_pages = ReferenceIndex.objects.filter(base_content_type=page_type, object_id__in=public_page_ids())
    from_settings = ReferenceIndex.objects.filter(base_content_type_id__in=_setting_content_type_ids())
    return from_pages | from_settings


def restricted_collection_ids():
    return CollectionViewRestriction.objects.values("collection_id")


def public_images():
    """The images anyone may see and list."""
    image_model = get_image_model()
    image_type = ContentType.objects.get_for_model(image_model)
    used = public_references().filter(to_content_type=image_type).values(as_int=Cast("to_object_id", IntegerField()))
    return image_model.objects.filter(pk__in=used).exclude(collection_id__in=restricted_collection_ids())


def image_is_public(image) -> bool:
    return public_images().filter(pk=image.pk).exists()
