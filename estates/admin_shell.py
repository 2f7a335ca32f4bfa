"""The admin's sidebar, kept per user and language: the part of every admin screen that costs the most.

Wagtail builds the sidebar (its main menu, with each item's permission check, the `construct_main_menu`
hooks and telepath's packing of some 300 nodes) on every admin request, in the `sidebar_props` tag of
`wagtailadmin/base.html`. Its output depends only on who the user is and on the active language: Wagtail
marks the active menu item in the browser, and the JSON holds no token, path or other per-request value.
The plugin's copy of base.html (estates/templates/wagtailadmin/base.html) calls `cached_sidebar_props`
instead, which keeps Wagtail's own output in Django's default cache for
`BOLIGSOCIAL_ADMIN_MENU_CACHE_SECONDS` (0 switches it off).

An entry is stale at most until something a menu shows changes: every change that can (a user saved or
removed, group membership, a group's or user's permissions, page and collection permissions, the
organisation memberships partners' menus follow, a user's Wagtail profile with its avatar and dismissed
items, a page moved under the page explorer's start) replaces the menu version every entry is checked
against. The version is replaced at once and again when the change's transaction commits, so a menu read
by another request before the commit is not kept. With a cache that is not shared between web processes
(the local-memory cache) another process can show a changed menu up to the setting's seconds late; the
screens themselves still check permissions on every request.
"""

import hashlib
from uuid import uuid4

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.signals import post_page_move
from wagtail.users.models import UserProfile

from estates.conf import setting
from estates.models import Membership

CACHE_ALIAS = "default"
VERSION_KEY = "boligsocial:admin-menu:version"
_DISPATCH_UID = "boligsocial_admin_menu_version"


def _cache():
    return caches[CACHE_ALIAS]


def _entry_key(user) -> str:
    # Who the user is, not only their id: a database restored under a running cache, or another site on the same
    # cache, can give the id to someone else. The script prefix: the menu's URLs differ under another path.
    who = f"{user.pk}|{user.get_username()}|{getattr(user, 'date_joined', '')}"
    digest = hashlib.blake2b(who.encode(), digest_size=12).hexdigest()
    return f"boligsocial:admin-menu:{digest}:{get_language()}:{get_script_prefix()}"


def cached_sidebar_props(context, sidebar_props) -> str:
    """Wagtail's `{% sidebar_props %}` output (`sidebar_props`, Wagtail's tag function, given by the template
    library: it is not imported while apps load) for the request's user, from the cache when its menu is current."""
    seconds = setting("BOLIGSOCIAL_ADMIN_MENU_CACHE_SECONDS")
    user = getattr(context.get("request"), "user", None)
    if not seconds or user is None or not user.is_authenticated:
        return sidebar_props(context)
    cache = _cache()
    key = _entry_key(user)
    found = cache.get_many([VERSION_KEY, key])  # one round trip to a shared cache
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    entry = found.get(key)
    if entry is not None and version is not None and entry[0] == version:
        return mark_safe(entry[1])  # noqa: S308  (Wagtail's json_script output, escaped, stored as rendered)
    html = sidebar_props(context)
    if version is not None:
        cache.set(key, (version, str(html)), seconds)
    return html


def menus_changed(**kwargs) -> None:
    """Every cached menu is out of date: replace the version now and once more when the transaction commits."""
    _new_version()
    transaction.on_commit(_new_version, robust=True)


def _new_version() -> None:
    _cache().set(VERSION_KEY, uuid4().hex, timeout=None)


def _user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a login changes nothing a menu shows
    menus_changed()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        menus_changed()


def _setting_changed(setting, **kwargs) -> None:
    # Tests override settings menu items read (WAGTAIL_WORKFLOW_ENABLED, ...); never sent on a running site.
    # No transaction here (a test without a database changes settings too); other caches hold no menus.
    if setting != "CACHES":
        _new_version()


def connect() -> None:
    """Connect the receivers that replace the menu version (from EstatesConfig.ready)."""
    User = get_user_model()
    post_save.connect(_user_saved, sender=User, dispatch_uid=_DISPATCH_UID)
    for model in (User, Group, Permission, GroupPagePermission, GroupCollectionPermission, Membership, UserProfile):
        post_delete.connect(menus_changed, sender=model, dispatch_uid=_DISPATCH_UID)
        if model is not User:
            post_save.connect(menus_changed, sender=model, dispatch_uid=_DISPATCH_UID)
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=_DISPATCH_UID)
    post_page_move.connect(menus_changed, dispatch_uid=_DISPATCH_UID)
    setting_changed.connect(_setting_changed, dispatch_uid=_DISPATCH_UID)
