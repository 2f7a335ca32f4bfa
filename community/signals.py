"""When an activity's stored occurrences are replaced: the events that can change when it happens.

- ActivityPage.save() stores them itself, after Wagtail and modelcluster have saved the page and its
  cancelled or moved occurrences (inside `saving_schedule`, so those child saves do not store again);
- publishing and unpublishing (Wagtail's page_published, page_unpublished) store them again;
- a page row written raw (fixtures, bulk loading) is stored as it arrives;
- a cancelled or moved occurrence changed on its own (not through the page editor) stores them once the
  transaction commits (if the activity still exists: a deleted page takes its rows with it, CASCADE);
- after `migrate`, activities without rows get them (an existing site upgrading).

Only the default locale's page has rows: publishing a translation, or wagtail-localize syncing an alias,
sends the same events, and `store` leaves such a page without any (estates.i18n: it only presents the page).

This module imports no models: community/models/occurrences.py calls `connect()` with its functions.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.signals import page_published, page_unpublished

ACTIVITY = "community.ActivityPage"
EXCEPTION = "community.OccurrenceException"

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
