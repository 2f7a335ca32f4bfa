"""When an activity's stored occurrences are replaced: the events that can change when it happens.

- ActivityPage.save() stores them itself, after Wagtail and modelcluster have saved the page and its
  cancelled or moved occurrences (inside `saving_schedule`, so those child saves do not store again);
- publishing and unpublishing (Wagtail's page_published, page_unpublished) store them again;
- a page row written raw (fixtures, bulk loading) is stored as it arrives;
- a cancelled or moved occurrence changed on its own (not through the page editor) stores them once the
  transaction commits (if the activity still exists: a deleted page takes its rows with it, CASCADE);
- after `migrate`, activities without rows get them (an existing site upgrading).

Where a row is listed (its calendar while the activity is published: `listed_in`) is worked out whenever the
rows are stored, and again, by `connect_listing`, for the activities at or below a page that is moved or
gets or loses a view restriction.

Only the default locale's page has rows: publishing a translation, or wagtail-localize syncing an alias,
sends the same events, and `store` leaves such a page without any (estates.i18n: it only presents the page).

The stored feed texts (community/models/feed_events.py) are forgotten, by `connect_feed`, whenever what they
show may change: any page of the activity (source, translation, alias) saved, published, unpublished or
deleted (titles and addresses are the presented translation's); a cancelled or moved occurrence saved or
deleted; a page moved or its slug changed (the addresses below it); a Site saved or deleted (the addresses);
a target group saved or deleted (the categories); and after `migrate` (a deploy). Each is forgotten at once
and again when the transaction commits, so a feed that read the old rows meanwhile cannot leave its text
behind.

This module imports no models: community/apps.py calls `connect()` and community/models/feed_events.py
`connect_feed()` with their functions.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

ACTIVITY = "community.ActivityPage"
EXCEPTION = "community.OccurrenceException"
TARGET_GROUP = "community.TargetGroup"
SITE = "wagtailcore.Site"

_state = threading.local()


def _being_saved() -> dict:
    if not hasattr(_state, "pages"):
        _state.pages = {}
    return _state.pages


@contextmanager
def saving_schedule(activity):
    """While the page saves its own exceptions, their signals leave the storing to the page."""
    key = id(activity)
    _being_saved()[key] = activity
    try:
        yield
    finally:
        _being_saved().pop(key, None)


def _is_being_saved(page_id) -> bool:
    # By the page's id at the time of the signal: a new page has none until its row is written.
    return any(activity.pk == page_id for activity in _being_saved().values())


def _is_activity(instance) -> bool:
    return instance._meta.label == ACTIVITY


def connect(*, store, store_later, store_missing, table: str) -> None:
    """Wire the events above to `store(activity)`, `store_later(activity_id)` and `store_missing()`
    (`table`: the rows' table, which a partial `migrate` may not have created yet)."""

    def on_publishing(sender, instance, **kwargs):
        if _is_activity(instance):
            store(instance)

    def on_raw_save(sender, instance, raw=False, **kwargs):
        if raw:
            store(instance)

    def on_exception_change(sender, instance, raw=False, **kwargs):
        page_id = instance.page_id
        if page_id is None or _is_being_saved(page_id):
            return
        transaction.on_commit(lambda: store_later(page_id))

    def on_migrated(sender, using="default", **kwargs):
        if sender.label == "community" and table in connections[using].introspection.table_names():
            store_missing()

    page_published.connect(on_publishing, dispatch_uid="community-occurrences-published", weak=False)
    page_unpublished.connect(on_publishing, dispatch_uid="community-occurrences-unpublished", weak=False)
    post_save.connect(on_raw_save, sender=ACTIVITY, dispatch_uid="community-occurrences-raw", weak=False)
    post_save.connect(on_exception_change, sender=EXCEPTION, dispatch_uid="community-occurrences-exc", weak=False)
    post_delete.connect(
        on_exception_change, sender=EXCEPTION, dispatch_uid="community-occurrences-exc-gone", weak=False
    )
    post_migrate.connect(on_migrated, dispatch_uid="community-occurrences-migrated", weak=False)


def _now_and_on_commit(forget) -> None:
    forget()
    transaction.on_commit(forget)


def connect_feed(*, forget, forget_activity, forget_all, table: str) -> None:
    """Wire the changes a stored feed text shows to `forget(translation_key)`, `forget_activity(page_id)` and
    `forget_all()` (see the module's docstring; and after `migrate`, as a deploy may change the words an event
    carries: its labels and translation catalogues)."""

    def on_activity_page(sender, instance, **kwargs):
        if _is_activity(instance) and instance.translation_key is not None:
            key = instance.translation_key
            _now_and_on_commit(lambda: forget(key))

    def on_exception_change(sender, instance, **kwargs):
        page_id = instance.page_id
        if page_id is not None:
            _now_and_on_commit(lambda: forget_activity(page_id))

    def on_addresses(sender, instance=None, **kwargs):
        if instance is not None and _is_activity(instance):
            on_activity_page(sender, instance)
        else:
            _now_and_on_commit(forget_all)

    def on_everything(sender, **kwargs):
        _now_and_on_commit(forget_all)

    uid = "community-feed-events"
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(on_activity_page, sender=ACTIVITY, dispatch_uid=f"{uid}-{name}", weak=False)
        signal.connect(on_exception_change, sender=EXCEPTION, dispatch_uid=f"{uid}-exc-{name}", weak=False)
        signal.connect(on_everything, sender=SITE, dispatch_uid=f"{uid}-site-{name}", weak=False)
        signal.connect(on_everything, sender=TARGET_GROUP, dispatch_uid=f"{uid}-group-{name}", weak=False)
    page_published.connect(on_activity_page, dispatch_uid=f"{uid}-published", weak=False)
    page_unpublished.connect(on_activity_page, dispatch_uid=f"{uid}-unpublished", weak=False)
    page_slug_changed.connect(on_addresses, dispatch_uid=f"{uid}-slug", weak=False)
    post_page_move.connect(on_addresses, dispatch_uid=f"{uid}-moved", weak=False)

    def on_migrated(sender, using="default", **kwargs):
        if sender.label == "community" and table in connections[using].introspection.table_names():
            forget_all()

    post_migrate.connect(on_migrated, dispatch_uid=f"{uid}-migrated", weak=False)


PAGE_VIEW_RESTRICTION = "wagtailcore.PageViewRestriction"


def connect_listing(*, list_again) -> None:
    """Wire what decides where an activity's rows are listed (`StoredOccurrence.listed_in`: its calendar, when
    published) to `list_again(page)`, for the activities at or below the page: a page moved (the calendar
    above, or a privacy setting above, changes) and a view restriction added or removed on a page. Publishing,
    unpublishing and saving store the rows, which works it out too; deleting takes the rows with the page."""

    def on_moved(sender, instance, **kwargs):
        list_again(instance)

    def on_restriction(sender, instance, **kwargs):
        page_id = instance.page_id
        if page_id is not None:
            list_again(type(instance)._meta.get_field("page").related_model(pk=page_id))

    uid = "community-occurrences-listing"
    post_page_move.connect(on_moved, dispatch_uid=f"{uid}-moved", weak=False)
    post_save.connect(on_restriction, sender=PAGE_VIEW_RESTRICTION, dispatch_uid=f"{uid}-restricted", weak=False)
    post_delete.connect(on_restriction, sender=PAGE_VIEW_RESTRICTION, dispatch_uid=f"{uid}-unrestricted", weak=False)
