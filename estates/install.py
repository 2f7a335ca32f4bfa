"""Put the plugin into a host site: each app's section page under a parent page, and the role groups'
rights on those pages and on the plugin's own image collection, never on the host's root page.

Each app names its section page in `<app>/install.py` (SECTION_PAGE, SECTION_SLUG, new_section_page()).
`manage.py boligsocial_setup` and the demo site's `load_demo` call `install`; it is idempotent. A section
page made any other way (an editor adds a second calendar) gets the same page rights when it is created.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from estates import roles
from estates.discovery import app_modules


def default_parent() -> Page:
    """The default Site's home page (or the first page below the tree's root when no Site is set up)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site is not None else Page.objects.filter(depth=2).first()
    if parent is None:
        raise ValidationError(_("The site has no home page to put the plugin's pages under."))
    return parent.specific


def collection_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Safety walks")


def plugin_collection() -> Collection | None:
    """The plugin's image collection, once installed."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=collection_name()).first() if root is not None else None


def collection_under_root(name: str) -> Collection:
    """A collection of the plugin's directly below Wagtail's root collection, made the first time it is asked
    for (the staff's collection here; safety walks' private photos)."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def section_page(module, *, parent: Page) -> Page:
    """The app's section page under `parent`: the one there already, or a new published one."""
    existing = module.SECTION_PAGE.objects.child_of(parent).first()
    if existing is not None:
        return existing
    with translation.override(settings.LANGUAGE_CODE):
        page = module.new_section_page()
    page.show_in_menus = True
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def section_page_models() -> list[type[Page]]:
    return [module.SECTION_PAGE for module in app_modules("install") if hasattr(module, "SECTION_PAGE")]


def grant_section_rights(*, pages: list[Page], collection: Collection | None = None) -> None:
    """Page editors may add, change and publish below the plugin's pages, and use its collection."""
    groups = list(Group.objects.filter(name__in=roles.PAGE_EDITORS))
    page_permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=roles.PAGE_PERMISSIONS)
    )
    collection_codenames = {name.split(".", 1)[1] for name in roles.COLLECTION_PERMISSIONS}
    collection_permissions = list(
        Permission.objects.filter(
            content_type__app_label__in=("wagtailimages", "wagtaildocs"), codename__in=collection_codenames
        )
    )
    for group in groups:
        for page in pages:
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
        for permission in collection_permissions if collection is not None else ():
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


@transaction.atomic
def install(*, parent: Page | None = None) -> list[Page]:
    """Create (or find) every app's section page under `parent` (default: the default Site's home page) and
    the plugin's image collection, and grant the role groups their rights there. Returns the section pages."""
    parent = parent or default_parent()
    pages = [
        section_page(module, parent=parent) for module in app_modules("install") if hasattr(module, "SECTION_PAGE")
    ]
    collection = collection_under_root(collection_name())
    grant_section_rights(pages=pages, collection=collection)
    return pages


def _grant_on_created_section_page(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_section_rights(pages=[instance])


def connect_signals() -> None:
    """Called from EstatesConfig.ready(), once every app's models are loaded."""
    for model in section_page_models():
        post_save.connect(
            _grant_on_created_section_page, sender=model, dispatch_uid=f"boligsocial-rights-{model._meta.label}"
        )
